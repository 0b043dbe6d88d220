package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.common.Reason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Publishes the metrics of every PROXY-protocol listener as Micrometer counters tagged {@code listener} (e.g. {@code
 * http-8080}), once the application has started: the listeners exist only once the web server has. The counters read
 * the listener's own, and are removed when the application stops.
 */
public final class ProxyProtocolMeters implements ApplicationListener<ApplicationStartedEvent>, DisposableBean {
    /** Valid headers, tagged {@code version} ({@code v1} or {@code v2}). */
    public static final String HEADERS_ACCEPTED = "proxy.protocol.headers.accepted";
    /** Valid headers with the LOCAL command (a balancer's health checks), served with the real addresses. */
    public static final String HEADERS_LOCAL = "proxy.protocol.headers.local";
    /** Connections from direct clients, served without a header. */
    public static final String CONNECTIONS_DIRECT = "proxy.protocol.connections.direct";
    /** Connections closed without a response, tagged {@code reason} (e.g. {@code timeout}, {@code untrusted_peer}). */
    public static final String CONNECTIONS_REJECTED = "proxy.protocol.connections.rejected";

    private final ObjectProvider<MeterRegistry> registries;
    private final ObjectProvider<ProxyProtocolListeners> servers;
    private final Map<ProxyProtocolGate, List<Meter>> bound = new IdentityHashMap<>();
    private MeterRegistry registry;

    public ProxyProtocolMeters(
            ObjectProvider<MeterRegistry> registries, ObjectProvider<ProxyProtocolListeners> servers) {
        this.registries = registries;
        this.servers = servers;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        bind();
    }

    /** Registers the counters of the listeners started since the last call. */
    public synchronized void bind() {
        if (registry == null) {
            registry = registries.getIfUnique();
            if (registry == null) {
                return;
            }
        }
        servers.orderedStream()
                .flatMap(server -> server.started().stream())
                .forEach(listener -> bound.computeIfAbsent(listener.gate(), gate -> register(listener)));
    }

    @Override
    public synchronized void destroy() {
        bound.values().forEach(meters -> meters.forEach(registry::remove));
        bound.clear();
    }

    private List<Meter> register(ProxyProtocolListener listener) {
        ProxyProtocolMetrics metrics = listener.gate().metrics();
        Tags tags = Tags.of("listener", listener.name());
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(
                HEADERS_ACCEPTED,
                "Valid PROXY protocol headers",
                "headers",
                tags.and("version", "v1"),
                metrics,
                ProxyProtocolMetrics::getAcceptedV1Headers));
        meters.add(counter(
                HEADERS_ACCEPTED,
                "Valid PROXY protocol headers",
                "headers",
                tags.and("version", "v2"),
                metrics,
                ProxyProtocolMetrics::getAcceptedV2Headers));
        meters.add(counter(
                HEADERS_LOCAL,
                "Valid PROXY protocol headers with the LOCAL command (health checks)",
                "headers",
                tags,
                metrics,
                ProxyProtocolMetrics::getLocalHeaders));
        meters.add(counter(
                CONNECTIONS_DIRECT,
                "Connections from direct clients, served without a PROXY protocol header",
                "connections",
                tags,
                metrics,
                ProxyProtocolMetrics::getDirectConnections));
        for (Reason reason : Reason.values()) {
            meters.add(counter(
                    CONNECTIONS_REJECTED,
                    "Connections closed without a response because of their PROXY protocol header or peer",
                    "connections",
                    tags.and("reason", reason.code()),
                    metrics,
                    m -> m.rejections(reason)));
        }
        return meters;
    }

    private Meter counter(
            String name,
            String description,
            String unit,
            Tags tags,
            ProxyProtocolMetrics metrics,
            ToDoubleFunction<ProxyProtocolMetrics> count) {
        return FunctionCounter.builder(name, metrics, count)
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }
}
