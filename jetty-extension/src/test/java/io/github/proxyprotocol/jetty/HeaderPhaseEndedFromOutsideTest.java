package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.io.EndPoint;
import org.junit.jupiter.api.Test;

/**
 * A header phase that Jetty ends from outside (the end point fails or is closed while the connection waits for its
 * header) is counted and logged like any other ending.
 */
class HeaderPhaseEndedFromOutsideTest {
    @Test
    void anEndPointClosedWhileWaitingForTheHeaderIsCountedAndLogged() {
        try (TestServer server = TestServer.start();
                LogCapture log = new LogCapture();
                RawConnection waiting =
                        RawHttpClient.to(server.port()).openAndSend(TestHeaders.ascii("PROXY TCP4 203.0.113.7 "))) {
            EndPoint endPoint = Await.value(
                    Duration.ofSeconds(10),
                    "the connection waiting for its header",
                    () -> server.httpConnector().getConnectedEndPoints().stream()
                            .filter(candidate -> candidate.getConnection() instanceof ProxyHeaderConnection)
                            .findFirst()
                            .orElse(null));

            endPoint.close(new IOException("closed by the server's owner"));

            waiting.awaitClosedWithoutResponse(Duration.ofSeconds(10));
            Await.until(
                    Duration.ofSeconds(10),
                    () -> "connection_closed counted: " + server.metrics().getRejectionsByReason(),
                    () -> server.metrics().rejections(Reason.CONNECTION_CLOSED) == 1);
            Await.until(
                    Duration.ofSeconds(10),
                    "a warning with the reason",
                    () -> !log.linesContaining("connection_closed").isEmpty());
            assertThat(log.linesContaining("connection_closed").get(0)).contains("closed by the server's owner");
            assertThat(server.handled()).isZero();
        }
    }
}
