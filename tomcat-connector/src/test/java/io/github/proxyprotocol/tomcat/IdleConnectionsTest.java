package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting for headers holds no thread: idle connections cost no worker, and the header timeout closes them. */
class IdleConnectionsTest {
    private static final int IDLE_CONNECTIONS = 500;
    private static final long HEADER_TIMEOUT_MILLIS = 3000;

    @Test
    void idleConnectionsHoldNoThreadAndTimeOut() {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolHeaderTimeout", Long.toString(HEADER_TIMEOUT_MILLIS))
                .attribute("maxThreads", "20")
                .start()) {
            warmUp(tomcat);
            List<RawClient> idle = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                byte[] halfHeader = Arrays.copyOf(TestHeaders.v2(), 10);
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    RawClient client = RawClient.connect(tomcat.port());
                    if (i % 2 == 1) {
                        client.send(halfHeader);
                    }
                    idle.add(client);
                }
                // 500 waiting connections and only 20 workers: normal requests are still served, quickly.
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    try (RawClient client = RawClient.connect(tomcat.port())) {
                        assertThat(Whoami.ask(client.send(TestHeaders.v1())).getString("remoteAddr"))
                                .isEqualTo(TestHeaders.CLIENT_IP);
                    }
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
                }
                assertThat(Duration.ofNanos(System.nanoTime() - opened))
                        .as("the test itself ran before the header timeout")
                        .isLessThan(Duration.ofMillis(HEADER_TIMEOUT_MILLIS));
                // The 500 connections wait in the poller: no worker is busy once the last request is done.
                Await.until(
                        Duration.ofSeconds(2),
                        "no busy worker",
                        () -> Integer.valueOf(0).equals(tomcat.threadPool("currentThreadsBusy")));
                assertThat(idle)
                        .allSatisfy(client -> assertThat(client.isStillOpenAfter(Duration.ofMillis(1)))
                                .isTrue());

                Await.until(
                        Duration.ofMillis(HEADER_TIMEOUT_MILLIS + 10_000),
                        "every idle connection timed out",
                        () -> tomcat.metrics().rejections(Reason.TIMEOUT) == IDLE_CONNECTIONS);
                assertThat(idle).allSatisfy(client -> client.assertClosedWithoutResponse(Duration.ofSeconds(5)));
                // Tomcat counts the connection its acceptor waits for too: 1 means none is left open.
                Await.until(
                        Duration.ofSeconds(5),
                        "every connection released",
                        () -> Long.valueOf(1).equals(tomcat.threadPool("connectionCount")));
            } finally {
                idle.forEach(RawClient::close);
            }
        }
    }

    private static void warmUp(TestTomcat tomcat) {
        // Start the worker threads the requests below need, so that the thread count compares like with like.
        for (int i = 0; i < 30; i++) {
            try (RawClient client = RawClient.connect(tomcat.port())) {
                Whoami.ask(client.send(TestHeaders.v1()));
            }
        }
    }
}
