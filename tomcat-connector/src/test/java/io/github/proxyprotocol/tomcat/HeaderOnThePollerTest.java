package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.HeadersOnly;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A header that arrives in a segment of its own, as HAProxy sends it, is read on the poller: no worker is dispatched
 * for it. The connection gets a worker when its request arrives, as on a plain connector.
 */
class HeaderOnThePollerTest {
    private static final int CONNECTIONS = 10;

    @Test
    void aHeaderOnItsOwnTakesNoWorker() {
        CountingExecutor workers = new CountingExecutor();
        try (workers;
                TestTomcat tomcat = TestTomcat.builder().executor(workers).start()) {
            RawHttpClient client = RawHttpClient.to(tomcat.port());
            List<RawConnection> connections = new ArrayList<>();
            try {
                connections.addAll(HeadersOnly.openAndAwaitAccepted(client, CONNECTIONS, tomcat.metrics()));
                assertThat(workers.tasks())
                        .as("tasks handed to workers for the headers")
                        .isZero();

                for (RawConnection connection : connections) {
                    assertThat(Json.of(connection.get("/whoami")).getString("remoteAddr"))
                            .isEqualTo(TestHeaders.CLIENT_IP);
                }
                assertThat(workers.tasks())
                        .as("tasks handed to workers for the requests")
                        .isGreaterThanOrEqualTo(CONNECTIONS);
            } finally {
                connections.forEach(RawConnection::close);
            }
        }
    }

    /** The connector's workers, counting what is handed to them. */
    private static final class CountingExecutor implements Executor, AutoCloseable {
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final AtomicInteger tasks = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            threads.execute(task);
        }

        int tasks() {
            return tasks.get();
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }
}
