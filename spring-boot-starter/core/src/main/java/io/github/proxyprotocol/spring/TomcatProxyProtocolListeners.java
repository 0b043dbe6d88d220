package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.connector.Connector;

/**
 * Gives the embedded Tomcat's connectors, created with {@link #PROTOCOL}, the application's PROXY protocol settings,
 * and lists them once started. The starters' Tomcat customizers set the protocol on the web server factory and hand
 * each connector to {@link #configure(Connector)}.
 */
public final class TomcatProxyProtocolListeners implements ProxyProtocolListeners {
    /** The protocol handler class of a PROXY-protocol connector. */
    public static final String PROTOCOL = ProxyProtocolHttp11NioProtocol.class.getName();

    private final ListenerSettings settings;
    private final List<ProxyProtocolHttp11NioProtocol> protocols = new CopyOnWriteArrayList<>();

    public TomcatProxyProtocolListeners(ListenerSettings settings) {
        this.settings = settings;
    }

    /**
     * Gives the connector's protocol handler the parsed settings.
     *
     * @throws IllegalStateException if the connector does not use {@link #PROTOCOL}: it would serve without a header
     */
    public void configure(Connector connector) {
        if (!(connector.getProtocolHandler() instanceof ProxyProtocolHttp11NioProtocol protocol)) {
            throw new IllegalStateException("proxy-protocol.enabled is true but the Tomcat connector on port "
                    + connector.getPort() + " uses " + connector.getProtocolHandlerClassName() + " instead of "
                    + PROTOCOL + ": something else set the web server factory's protocol");
        }
        protocol.setProxyProtocolConfig(settings.config());
        protocols.add(protocol);
    }

    @Override
    public List<ProxyProtocolListener> started() {
        return protocols.stream()
                .filter(protocol -> protocol.getProxyProtocolGate() != null && protocol.getLocalPort() > 0)
                .map(protocol -> new ProxyProtocolListener(name(protocol), protocol.getProxyProtocolGate()))
                .toList();
    }

    private static String name(ProxyProtocolHttp11NioProtocol protocol) {
        return (protocol.isSSLEnabled() ? "https-" : "http-") + protocol.getLocalPort();
    }
}
