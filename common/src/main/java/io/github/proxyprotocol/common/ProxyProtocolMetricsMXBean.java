package io.github.proxyprotocol.common;

import java.util.Map;

/** The JMX view of a listener's {@link ProxyProtocolMetrics}. */
public interface ProxyProtocolMetricsMXBean {
    /** Connections that sent a valid v1 header. */
    long getAcceptedV1Headers();

    /** Connections that sent a valid v2 header. */
    long getAcceptedV2Headers();

    /** Of the accepted headers, the v2 LOCAL ones (health checks). */
    long getLocalHeaders();

    /** Connections served as direct clients, without a header. */
    long getDirectConnections();

    /** Connections closed for any reason. */
    long getRejectedConnections();

    /** Connections closed because no header came within the header timeout. */
    long getTimeouts();

    /** Closed connections by reason code. */
    Map<String, Long> getRejectionsByReason();
}
