package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * The header timeout on Jetty's end points: it governs only until the header, then the connector's idle timeout does;
 * connections waiting for their header hold no thread.
 */
class TimeoutTest {
    private static final long HEADER_TIMEOUT = 400;

    @Test
    void theEndPointsIdleTimeoutIsTheHeaderTimeoutUntilTheHeaderThenTheConnectors() {
        try (TestServer server = TestServer.start(factory -> factory.setHeaderTimeout(HEADER_TIMEOUT * 10))) {
            try (RawConnection waiting = RawHttpClient.to(server.port()).openAndSend(new byte[] {'P'})) {
                Await.until(
                        Duration.ofSeconds(5),
                        () -> "idle timeout while waiting for the header: " + idleTimeout(server, waiting),
                        () -> {
                            // what is left of the header timeout: the deadline is fixed when the connection opens
                            long idle = idleTimeout(server, waiting);
                            return idle > 0 && idle <= HEADER_TIMEOUT * 10;
                        });
            }
            try (RawConnection connection =
                    RawHttpClient.to(server.port()).prefix(TestHeaders.v2()).connect()) {
                assertThat(WhoAmIHandler.parse(connection.get("/").body())).containsEntry("remoteAddr", CLIENT_IP);
                assertThat(idleTimeout(server, connection)).isEqualTo(30_000L);
            }
        }
    }

    /** The idle timeout of the server's end point of {@code connection} (-1 if there is none). */
    private static long idleTimeout(TestServer server, RawConnection connection) {
        int clientPort = connection.localAddress().getPort();
        return server.httpConnector().getConnectedEndPoints().stream()
                .filter(endPoint -> endPoint.getRemoteSocketAddress() instanceof InetSocketAddress remote
                        && remote.getPort() == clientPort)
                .mapToLong(EndPoint::getIdleTimeout)
                .findFirst()
                .orElse(-1);
    }

    @Test
    void manyIdleConnectionsHoldNoThreadWhileRequestsAreServed() {
        int idle = 400;
        try (TestServer server = TestServer.start(factory -> factory.setHeaderTimeout(60_000))) {
            QueuedThreadPool threads = (QueuedThreadPool) server.server().getThreadPool();
            List<RawConnection> connections = new ArrayList<>();
            try {
                byte[] partial = Arrays.copyOf(TestHeaders.v2(), 10);
                for (int i = 0; i < idle; i++) {
                    connections.add(RawHttpClient.to(server.port()).openAndSend(i % 2 == 0 ? partial : new byte[0]));
                }
                Await.until(
                        Duration.ofSeconds(10),
                        () -> "open end points: "
                                + server.httpConnector().getConnectedEndPoints().size(),
                        () -> server.httpConnector().getConnectedEndPoints().size() >= idle);

                for (int i = 0; i < 20; i++) {
                    assertThat(WhoAmIHandler.parse(RawHttpClient.to(server.port())
                                    .prefix(TestHeaders.v1())
                                    .get("/" + i)
                                    .body()))
                            .containsEntry("remoteAddr", CLIENT_IP);
                }
                // more waiting connections than the pool's 32 threads, yet requests are served: none holds a thread
                assertThat(threads.getBusyThreads()).isLessThan(8);
                assertThat(server.metrics().getRejectedConnections()).isZero();
            } finally {
                connections.forEach(RawConnection::close);
            }
        }
    }
}
