package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Waiting for headers holds no thread: with far more connections waiting for their header than workers, requests are
 * still served and no worker is busy; the waiting connections stay open until their peers close them.
 */
class IdleConnectionsTest {
    private static final int IDLE_CONNECTIONS = 500;
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void idleConnectionsHoldNoThread() {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolHeaderTimeout", "600000")
                .attribute("maxThreads", "20")
                .start()) {
            RawHttpClient client = RawHttpClient.to(tomcat.port());
            List<RawConnection> idle = new ArrayList<>();
            try {
                byte[] halfHeader = Arrays.copyOf(TestHeaders.v2(), 10);
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    idle.add(client.openAndSend(i % 2 == 1 ? halfHeader : new byte[0]));
                }
                // 500 waiting connections and only 20 workers: normal requests are still served.
                for (int i = 0; i < 40; i++) {
                    assertThat(Json.of(client.prefix(TestHeaders.v1()).get("/whoami"))
                                    .getString("remoteAddr"))
                            .isEqualTo(TestHeaders.CLIENT_IP);
                }
                // The 500 connections wait in the poller: no worker is busy once the last request is done.
                Await.until(
                        WAIT,
                        "no busy worker",
                        () -> Integer.valueOf(0).equals(tomcat.threadPool("currentThreadsBusy")));
                // Tomcat counts the connection its acceptor waits for too.
                Await.until(
                        WAIT,
                        () -> "every idle connection still open: " + tomcat.threadPool("connectionCount"),
                        () -> Long.valueOf(IDLE_CONNECTIONS + 1).equals(tomcat.threadPool("connectionCount")));
                assertThat(tomcat.metrics().getRejectedConnections()).isZero();
            } finally {
                idle.forEach(RawConnection::close);
            }
            Await.until(
                    WAIT,
                    () -> "every connection released: " + tomcat.threadPool("connectionCount"),
                    () -> Long.valueOf(1).equals(tomcat.threadPool("connectionCount")));
        }
    }
}
