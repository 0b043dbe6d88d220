package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** A peer that is neither a trusted proxy nor a direct client is closed at once, before it sends a byte. */
class TrustTableTest {
    private static final String PROXY = "127.0.0.1";
    private static final String OTHER = "127.0.0.2";

    @Test
    void neitherIsClosedAtOnceWithoutReading() {
        try (LogCapture log = LogCapture.start();
                TestTomcat tomcat = TestTomcat.builder()
                        .attribute("proxyProtocolTrustedProxies", PROXY)
                        .attribute("proxyProtocolHeaderTimeout", "60000")
                        .start();
                RawConnection connection =
                        RawHttpClient.to(tomcat.port()).from(OTHER).openAndSend(new byte[0])) {
            // Closed long before the header timeout, although the peer sent nothing yet.
            connection.awaitClosedWithoutResponse(Duration.ofSeconds(5));
            assertThat(tomcat.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
            assertThat(log.warningsContaining(tomcat.name()))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("/" + OTHER + ":" + connection.localAddress().getPort())
                    .contains(Reason.UNTRUSTED_PEER.code());
        }
    }
}
