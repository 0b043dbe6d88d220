package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.HeadersOnly;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * A header that arrives in a segment of its own, as HAProxy sends it, is read by the selector: the thread pool gets no
 * job for it beyond the one Jetty hands it for every new connection, as it does for a plain connection that has sent
 * nothing yet. The connection gets a worker when its request arrives, as on a plain connector.
 */
class HeaderOnTheSelectorTest {
    private static final int CONNECTIONS = 10;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aHeaderOnItsOwnTakesNoWorker() throws Exception {
        CountingThreadPool threads = new CountingThreadPool();
        Server server = new Server(threads);
        TrustedProxyConnectionFactory proxy = new TrustedProxyConnectionFactory();
        proxy.setTrustedProxies("127.0.0.1");
        ServerConnector connector = new ServerConnector(server, proxy, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory());
        plain.setHost("127.0.0.1");
        server.addConnector(plain);
        server.setHandler(new WhoAmIHandler());
        server.start();
        List<RawConnection> connections = new ArrayList<>();
        try {
            int jobsBefore = threads.jobs();
            RawHttpClient plainClient = RawHttpClient.to(plain.getLocalPort());
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(plainClient.openAndSend(new byte[0]));
            }
            Await.until(
                    WAIT,
                    () -> "every plain connection accepted: "
                            + plain.getConnectedEndPoints().size(),
                    () -> plain.getConnectedEndPoints().size() == CONNECTIONS);
            int jobsForNewConnections = threads.jobs() - jobsBefore;

            RawHttpClient client = RawHttpClient.to(connector.getLocalPort());
            jobsBefore = threads.jobs();
            connections.addAll(HeadersOnly.openAndAwaitAccepted(client, CONNECTIONS, proxy.getMetrics()));
            assertThat(threads.jobs() - jobsBefore)
                    .as(
                            "jobs for %s connections that sent a header, against %s for plain ones that sent nothing",
                            CONNECTIONS, CONNECTIONS)
                    .isEqualTo(jobsForNewConnections);

            jobsBefore = threads.jobs();
            for (RawConnection connection : connections.subList(CONNECTIONS, 2 * CONNECTIONS)) {
                assertThat(WhoAmIHandler.parse(connection.get("/").body()))
                        .containsEntry("remoteAddr", TestHeaders.CLIENT_IP);
            }
            assertThat(threads.jobs() - jobsBefore)
                    .as("jobs handed to the thread pool for the requests")
                    .isGreaterThanOrEqualTo(CONNECTIONS);
        } finally {
            connections.forEach(RawConnection::close);
            server.stop();
        }
    }

    /**
     * Jetty's thread pool, counting the jobs handed to it. Without reserved threads, every job a selector does not run
     * itself goes through {@link #execute(Runnable)}.
     */
    private static final class CountingThreadPool extends QueuedThreadPool {
        private final AtomicInteger jobs = new AtomicInteger();

        CountingThreadPool() {
            super(16, 4);
            setReservedThreads(0);
            setName("counting-jetty");
        }

        @Override
        public void execute(Runnable job) {
            jobs.incrementAndGet();
            super.execute(job);
        }

        int jobs() {
            return jobs.get();
        }
    }
}
