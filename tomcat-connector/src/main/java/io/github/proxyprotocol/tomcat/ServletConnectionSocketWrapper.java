package io.github.proxyprotocol.tomcat;

import jakarta.servlet.ServletConnection;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * The socket wrapper on Tomcat 10.1 and later, where a request's {@link ServletConnection} comes from its socket
 * wrapper: it reports a {@link ProxiedServletConnection}, through which the protocol's adapter finds the connection.
 * Only loaded where {@code jakarta.servlet.ServletConnection} exists (see {@link RequestConnections}).
 */
final class ServletConnectionSocketWrapper extends ProxyNioSocketWrapper {
    private ProxiedServletConnection servletConnection;

    ServletConnectionSocketWrapper(NioChannel channel, NioEndpoint endpoint) {
        super(channel, endpoint);
    }

    @Override
    public ServletConnection getServletConnection(String protocol, String protocolConnectionId) {
        if (servletConnection == null) {
            servletConnection =
                    new ProxiedServletConnection(super.getServletConnection(protocol, protocolConnectionId), this);
        }
        return servletConnection;
    }
}
