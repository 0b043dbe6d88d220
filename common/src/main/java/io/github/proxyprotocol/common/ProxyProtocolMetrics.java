package io.github.proxyprotocol.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one PROXY-protocol listener, for reading: JMX exposes them as they are, and the Spring Boot starter
 * as Micrometer meters. Only the listener's own header phases count; thread safe and contention free.
 */
public final class ProxyProtocolMetrics implements ProxyProtocolMetricsMXBean {
    private final LongAdder acceptedV1 = new LongAdder();
    private final LongAdder acceptedV2 = new LongAdder();
    private final LongAdder local = new LongAdder();
    private final LongAdder direct = new LongAdder();
    private final LongAdder[] rejected = new LongAdder[Reason.values().length];

    ProxyProtocolMetrics() {
        for (int i = 0; i < rejected.length; i++) {
            rejected[i] = new LongAdder();
        }
    }

    /** Counts a valid header. */
    void accepted(ProxyHeader header) {
        (header.version() == ProtocolVersion.V1 ? acceptedV1 : acceptedV2).increment();
        if (header.command() == Command.LOCAL) {
            local.increment();
        }
    }

    /** Counts a connection served without a header. */
    void direct() {
        direct.increment();
    }

    /** Counts a closed connection. */
    void rejected(Reason reason) {
        rejected[reason.ordinal()].increment();
    }

    /** Connections closed for one reason. */
    public long rejections(Reason reason) {
        return rejected[reason.ordinal()].sum();
    }

    @Override
    public long getAcceptedV1Headers() {
        return acceptedV1.sum();
    }

    @Override
    public long getAcceptedV2Headers() {
        return acceptedV2.sum();
    }

    @Override
    public long getLocalHeaders() {
        return local.sum();
    }

    @Override
    public long getDirectConnections() {
        return direct.sum();
    }

    @Override
    public long getRejectedConnections() {
        long sum = 0;
        for (LongAdder a : rejected) {
            sum += a.sum();
        }
        return sum;
    }

    @Override
    public long getTimeouts() {
        return rejections(Reason.TIMEOUT);
    }

    @Override
    public Map<String, Long> getRejectionsByReason() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Reason reason : Reason.values()) {
            map.put(reason.code(), rejections(reason));
        }
        return map;
    }

    @Override
    public String toString() {
        return "acceptedV1=" + getAcceptedV1Headers() + ", acceptedV2=" + getAcceptedV2Headers() + ", local="
                + getLocalHeaders() + ", direct=" + getDirectConnections() + ", rejected=" + getRejectedConnections();
    }
}
