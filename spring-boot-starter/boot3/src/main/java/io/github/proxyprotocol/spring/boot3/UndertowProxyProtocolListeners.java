package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.ListenerSettings;
import io.github.proxyprotocol.spring.ProxyProtocolListener;
import io.github.proxyprotocol.spring.ProxyProtocolListeners;
import io.github.proxyprotocol.undertow.ProxyProtocolOptions;
import io.github.proxyprotocol.undertow.ProxyProtocolUndertow;
import io.github.proxyprotocol.undertow.ProxyProtocolWorker;
import io.undertow.Undertow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xnio.OptionMap;

/**
 * Sets the application's PROXY protocol settings as {@link ProxyProtocolOptions} on every listener of an {@link
 * Undertow.Builder} (http and https) and gives it the PROXY protocol's worker; lists the listeners once open.
 */
public final class UndertowProxyProtocolListeners implements ProxyProtocolListeners {
    private final ListenerSettings settings;
    private final List<ProxyProtocolWorker> workers = new CopyOnWriteArrayList<>();

    public UndertowProxyProtocolListeners(ListenerSettings settings) {
        this.settings = settings;
    }

    /** Configures the builder; {@code workerOptions} sets the worker's threads (Undertow's defaults otherwise). */
    public void configure(Undertow.Builder builder, OptionMap workerOptions) {
        builder.setSocketOption(ProxyProtocolOptions.CONFIG, settings.config());
        workers.add(ProxyProtocolUndertow.enable(builder, workerOptions));
    }

    @Override
    public List<ProxyProtocolListener> started() {
        return workers.stream()
                .flatMap(worker -> worker.gates().stream())
                .map(gate -> new ProxyProtocolListener(gate.name(), gate))
                .toList();
    }
}
