package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.RateLimitedLog;
import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closed connections log one WARN line each through SLF4J, at most a few a minute, so a flood cannot fill the log. */
class RejectionLogTest {
    private static final String LINE = "PROXY protocol: closed connection from";

    @Test
    void eachRejectionLogsOneLineNamingPeerAndReasonUntilTheRateLimit() {
        int floods = RateLimitedLog.DEFAULT_LINES_PER_WINDOW + 5;
        try (LogCapture log = new LogCapture();
                TestServer server = TestServer.start()) {
            RawHttpClient client = RawHttpClient.to(server.port()).prefix("PROXY TCP4 nonsense\r\n");
            client.assertClosedWithoutResponse();
            Await.until(
                    Duration.ofSeconds(5),
                    () -> "log lines: " + log.linesContaining(LINE),
                    () -> log.linesContaining(LINE).size() == 1);
            String line = log.linesContaining(LINE).get(0);
            assertThat(line)
                    .contains("WARN")
                    .contains("/127.0.0.1:")
                    .contains(Reason.V1_MALFORMED.code())
                    .contains("connector");

            for (int i = 1; i < floods; i++) {
                client.assertClosedWithoutResponse();
            }

            TrustTableTest.awaitRejections(server, Reason.V1_MALFORMED, floods);
            List<String> lines = log.linesContaining(LINE);
            assertThat(lines).hasSize(RateLimitedLog.DEFAULT_LINES_PER_WINDOW);
        }
    }

    @Test
    void trustingEveryPeerIsWarnedAtStartUp() {
        try (LogCapture log = new LogCapture();
                TestServer server = TestServer.start(factory -> factory.setTrustedProxies("*"))) {
            assertThat(log.linesContaining("trusts every peer"))
                    .hasSize(2) // the clear-text and the TLS connector
                    .allSatisfy(line -> assertThat(line).contains("WARN"));
            assertThat(server.factory().getGate().config().trustedProxies().isAny())
                    .isTrue();
        }
    }
}
