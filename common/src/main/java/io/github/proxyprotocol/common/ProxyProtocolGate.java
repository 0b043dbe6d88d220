package io.github.proxyprotocol.common;

import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One PROXY-protocol listener's shared state: its settings, its metrics and its log. Every connection goes through a
 * {@link HeaderPhase} made here, which reports to the gate how it ended. Thread safe; one per listener (connector).
 */
public final class ProxyProtocolGate {
    private final String name;
    private final ProxyProtocolConfig config;
    private final ProxyProtocolMetrics metrics = new ProxyProtocolMetrics();
    private final LogSink log;
    private final RateLimitedLog rejections;
    private final LongSupplier clock;

    /**
     * A gate for the listener called {@code name} (used in log lines), logging to {@code log}: a warning now if every
     * peer is trusted, then rate-limited warnings for refused connections.
     */
    public ProxyProtocolGate(String name, ProxyProtocolConfig config, LogSink log) {
        this(name, config, log, new RateLimitedLog(log::warn), System::nanoTime);
    }

    /** As above, with a given rate limiter for the lines about refused connections and a clock (nanoseconds). */
    ProxyProtocolGate(
            String name, ProxyProtocolConfig config, LogSink log, RateLimitedLog rejections, LongSupplier clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (config.trustedProxies().coversEveryAddress()) {
            log.warn("PROXY protocol on " + name + " trusts every peer (trusted proxies '"
                    + config.trustedProxies() + "'): any client that reaches this port can claim any address."
                    + " List your load balancers' addresses instead.");
        }
    }

    /** A header phase for connections of this listener; reuse it for the next connection with {@link HeaderPhase#begin}. */
    public HeaderPhase newHeaderPhase() {
        return new HeaderPhase(this);
    }

    public String name() {
        return name;
    }

    public ProxyProtocolConfig config() {
        return config;
    }

    public ProxyProtocolMetrics metrics() {
        return metrics;
    }

    long nanoTime() {
        return clock.getAsLong();
    }

    void accepted(ProxyHeader header) {
        if (header == null) {
            metrics.direct();
        } else {
            metrics.accepted(header);
        }
    }

    /**
     * Logs, then counts, a connection closed in its header phase: whoever sees the count can already see the log line.
     * A peer that closed without a byte (a health check) is a debug line; anything else a rate-limited warning.
     */
    void rejected(SocketAddress peer, Reason reason, String message) {
        if (reason == Reason.CLOSED_WITHOUT_DATA) {
            log.debug(() -> line(peer, reason, message));
        } else {
            rejections.log(() -> line(peer, reason, message));
        }
        metrics.rejected(reason);
    }

    private String line(SocketAddress peer, Reason reason, String message) {
        return "PROXY protocol: closed connection from " + peer + " on " + name + ": " + reason.code() + ": " + message;
    }
}
