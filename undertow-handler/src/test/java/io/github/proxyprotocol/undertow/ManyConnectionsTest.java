package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idle and concurrent connections: no thread per waiting connection, no state from one connection in another. */
class ManyConnectionsTest {
    private static final int IDLE_CONNECTIONS = 1000;

    @Test
    void idleConnectionsHoldNoThreadWhileOthersAreServed() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TestServer server = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .option(ProxyProtocolOptions.HEADER_TIMEOUT, 60_000)
                .start()) {
            assertThat(Seen.of(RawHttpClient.to(server.port())
                            .prefix(TestHeaders.v1())
                            .get("/warm-up")))
                    .containsEntry("remote", "203.0.113.7:4242");
            int threadsBefore = threads.getThreadCount();
            List<RawConnection> idle = new ArrayList<>();
            try {
                for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                    byte[] partial = i % 2 == 0 ? TestHeaders.ascii("PROXY TCP4 203.0.") : new byte[] {0x0D, 0x0A};
                    idle.add(RawHttpClient.to(server.port()).openAndSend(partial));
                }

                for (int i = 0; i < 20; i++) {
                    assertThat(Seen.of(RawHttpClient.to(server.port())
                                    .prefix(TestHeaders.v2WithTlvs("client"))
                                    .get("/" + i)))
                            .containsEntry("remote", "203.0.113.7:4242");
                }
                assertThat(threads.getThreadCount()).isLessThan(threadsBefore + 10);
                assertThat(server.metrics().getRejectedConnections()).isZero();
            } finally {
                idle.forEach(RawConnection::close);
            }
        }
    }

    @Test
    void concurrentConnectionsEachSeeTheirOwnHeader() throws Exception {
        try (TestServer server = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .directClients("127.0.0.1")
                .start()) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int client = 0; client < 8; client++) {
                    int id = client;
                    results.add(clients.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            checkOneConnection(server, id, i);
                        }
                        return null;
                    }));
                }
                for (Future<?> result : results) {
                    result.get();
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(server.metrics().getRejectedConnections()).isZero();
        }
    }

    /** Alternates v1, v2, no header; all-at-once and split; every response must show this connection's client. */
    private static void checkOneConnection(TestServer server, int client, int round) {
        String source = "10.0." + client + "." + (round + 1);
        int port = 1000 + client * 100 + round;
        RawHttpClient raw = RawHttpClient.to(server.port());
        if (round % 2 == 1) {
            raw = raw.oneBytePerWrite();
        }
        Map<String, String> seen;
        switch (round % 3) {
            case 0 -> {
                seen = Seen.of(raw.prefix(TestHeaders.ascii("PROXY TCP4 " + source + " 192.0.2.1 " + port + " 443\r\n"))
                        .get("/"));
                assertThat(seen).containsEntry("remote", source + ":" + port);
            }
            case 1 -> {
                seen = Seen.of(raw.prefix(TestHeaders.v2(source, port)).get("/"));
                assertThat(seen).containsEntry("remote", source + ":" + port);
            }
            default -> {
                seen = Seen.of(raw.get("/"));
                assertThat(seen).containsEntry("header", "none");
                assertThat(seen.get("remote")).startsWith("127.0.0.1:");
            }
        }
    }
}
