package io.github.proxyprotocol.common;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * One PROXY-protocol listener's shared state: its settings, its metrics and its rate-limited log. Every connection
 * goes through a {@link ProxyHandshake} made here. Thread safe; one per listener (connector).
 */
public final class ProxyProtocolGate {
    private final String name;
    private final ProxyProtocolConfig config;
    private final ProxyProtocolMetrics metrics = new ProxyProtocolMetrics();
    private final RateLimitedLog rejections;

    /**
     * A gate for the listener called {@code name} (used in log lines), logging warnings to {@code log}: one now if
     * every peer is trusted, then rate-limited lines for closed connections.
     */
    public ProxyProtocolGate(String name, ProxyProtocolConfig config, LogSink log) {
        this(name, config, log, new RateLimitedLog(log));
    }

    /** As above, with a given rate limiter for the lines about closed connections. */
    public ProxyProtocolGate(String name, ProxyProtocolConfig config, LogSink log, RateLimitedLog rejections) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
        if (config.trustedProxies().isAny()) {
            log.warn("PROXY protocol on " + name + " trusts every peer (trusted proxies '*'): any client that reaches"
                    + " this port can claim any address. List your load balancers' addresses instead.");
        }
    }

    /** A handshake for connections of this listener; reuse it for the next connection with {@link ProxyHandshake#begin}. */
    public ProxyHandshake newHandshake() {
        return new ProxyHandshake(this);
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

    void accepted(ProxyHeader header) {
        if (header == null) {
            metrics.direct();
        } else {
            metrics.accepted(header);
        }
    }

    /** Logs, then counts: whoever sees the count can already see the log line. */
    void rejected(SocketAddress peer, ProxyProtocolException e) {
        rejections.log(() -> "PROXY protocol: closed connection from " + peer + " on " + name + ": "
                + e.reason().code() + ": " + e.getMessage());
        metrics.rejected(e.reason());
    }
}
