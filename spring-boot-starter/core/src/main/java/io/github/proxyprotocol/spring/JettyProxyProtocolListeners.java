package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.jetty.ProxyProtocolSettings;
import io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory;
import io.github.proxyprotocol.jetty.TrustedProxyConnectors;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * Puts a {@link TrustedProxyConnectionFactory} with the application's settings first on every network connector of
 * the embedded Jetty (in front of TLS, ALPN, HTTP/2 and HTTP/1.1), and lists them once started. The starters' Jetty
 * customizers hand the server to {@link #configure(Server)}.
 */
public final class JettyProxyProtocolListeners implements ProxyProtocolListeners {
    private final ListenerSettings settings;
    private final List<NetworkConnector> connectors = new CopyOnWriteArrayList<>();

    public JettyProxyProtocolListeners(ListenerSettings settings) {
        this.settings = settings;
    }

    /** Adds the PROXY protocol to the server's network connectors. */
    public void configure(Server server) {
        TrustedProxyConnectors.addFirst(server, ProxyProtocolSettings.of(settings.config()));
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector network
                    && connector.getConnectionFactory(TrustedProxyConnectionFactory.class) != null) {
                connectors.add(network);
            }
        }
    }

    @Override
    public List<ProxyProtocolListener> started() {
        return connectors.stream()
                .filter(connector -> connector.isStarted() && connector.getLocalPort() > 0)
                .map(connector -> new ProxyProtocolListener(
                        name(connector), factory(connector).getGate()))
                .filter(listener -> listener.gate() != null)
                .toList();
    }

    private static TrustedProxyConnectionFactory factory(NetworkConnector connector) {
        return connector.getConnectionFactory(TrustedProxyConnectionFactory.class);
    }

    private static String name(NetworkConnector connector) {
        boolean tls = connector.getConnectionFactory(SslConnectionFactory.class) != null;
        return (tls ? "https-" : "http-") + connector.getLocalPort();
    }
}
