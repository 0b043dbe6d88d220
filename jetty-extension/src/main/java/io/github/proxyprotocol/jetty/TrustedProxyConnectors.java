package io.github.proxyprotocol.jetty;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;

/**
 * Puts a {@link TrustedProxyConnectionFactory} first on every network connector of a server: what the {@code
 * proxy-protocol-trusted} module's XML calls, after the {@code http} and {@code ssl} modules made their connectors.
 */
public final class TrustedProxyConnectors {
    private TrustedProxyConnectors() {}

    /**
     * Adds a factory with these settings first on each network connector of {@code server} (the http and https ones).
     *
     * @return the factories added, one per connector
     * @throws io.github.proxyprotocol.common.InvalidSettingException naming the first bad module property
     * @throws IllegalStateException if the server has no network connector, or one already has Jetty's own {@code
     *     proxy} factory (from the {@code proxy-protocol} or {@code proxy-protocol-ssl} module)
     */
    public static List<TrustedProxyConnectionFactory> addFirst(Server server, ProxyProtocolSettings settings) {
        settings.toConfig();
        List<AbstractConnector> connectors = new ArrayList<>();
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector && connector instanceof AbstractConnector network) {
                if (network.getConnectionFactory(ProxyConnectionFactory.class) != null) {
                    throw new IllegalStateException(connector + " already has Jetty's own PROXY protocol factory,"
                            + " which trusts every peer: disable the proxy-protocol and proxy-protocol-ssl modules");
                }
                connectors.add(network);
            }
        }
        if (connectors.isEmpty()) {
            throw new IllegalStateException("No network connector for " + TrustedProxyConnectionFactory.PROTOCOL
                    + ": enable the http or https module");
        }
        List<TrustedProxyConnectionFactory> added = new ArrayList<>();
        for (AbstractConnector connector : connectors) {
            if (connector.getConnectionFactory(TrustedProxyConnectionFactory.class) == null) {
                TrustedProxyConnectionFactory factory = new TrustedProxyConnectionFactory(settings);
                connector.addFirstConnectionFactory(factory);
                added.add(factory);
            }
        }
        return added;
    }
}
