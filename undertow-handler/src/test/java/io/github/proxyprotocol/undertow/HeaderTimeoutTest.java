package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The header timeout beyond the contract's cases: a silent direct client is closed too, and a connection whose header
 * came in time outlives it.
 */
class HeaderTimeoutTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .directClients("127.0.0.2")
                .option(ProxyProtocolOptions.HEADER_TIMEOUT, 300)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void silentDirectClientIsClosedToo() {
        try (RawConnection connection =
                RawHttpClient.to(server.port()).from("127.0.0.2").openAndSend(new byte[0])) {
            connection.awaitClosedWithoutResponse(WITHIN);
        }
    }

    @Test
    void connectionWhoseHeaderCameInTimeOutlivesTheTimeout() {
        long timeouts = server.metrics().getTimeouts();
        RawHttpClient client = RawHttpClient.to(server.port()).prefix(TestHeaders.v1());
        try (RawConnection served = client.connect()) {
            assertThat(Seen.of(served.get("/first"))).containsEntry("remote", "203.0.113.7:4242");

            // opened later, so its timer fires after the one the first connection would have had
            try (RawConnection silent = RawHttpClient.to(server.port()).openAndSend(new byte[0])) {
                silent.awaitClosedWithoutResponse(WITHIN);
            }

            assertThat(Seen.of(served.get("/second"))).containsEntry("remote", "203.0.113.7:4242");
        }
        assertThat(server.metrics().getTimeouts()).isEqualTo(timeouts + 1);
    }
}
