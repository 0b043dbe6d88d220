package io.github.proxyprotocol.testsupport;

import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that send a PROXY header and nothing else yet, as HAProxy's first segment on a new backend connection:
 * for tests of what a server does with a header that arrives on its own.
 */
public final class HeadersOnly {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private HeadersOnly() {}

    /**
     * Opens {@code count} connections through {@code client}, each sending a header alone (v2 and v1 in turn), and
     * waits until {@code metrics} count them all as accepted. The connections stay open for the test to use.
     */
    public static List<RawConnection> openAndAwaitAccepted(
            RawHttpClient client, int count, ProxyProtocolMetrics metrics) {
        long before = accepted(metrics);
        List<RawConnection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(client.openAndSend(i % 2 == 0 ? TestHeaders.v2() : TestHeaders.v1()));
        }
        Await.until(
                WAIT,
                () -> "every header read: " + (accepted(metrics) - before) + " of " + count,
                () -> accepted(metrics) - before == count);
        return connections;
    }

    private static long accepted(ProxyProtocolMetrics metrics) {
        return metrics.getAcceptedV1Headers() + metrics.getAcceptedV2Headers();
    }
}
