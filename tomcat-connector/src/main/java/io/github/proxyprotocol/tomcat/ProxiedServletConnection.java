package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxiedConnection;
import jakarta.servlet.ServletConnection;

/**
 * Tomcat's {@link ServletConnection} for a connection that went through the PROXY protocol phase. It also lets the
 * protocol's adapter find the connection a request arrived on, for HTTP/1.1 and HTTP/2 alike. Secure when the
 * connection itself is TLS or its header's SSL TLV says the client used TLS (and that may mark requests secure).
 */
final class ProxiedServletConnection implements ServletConnection {
    private final ServletConnection tomcats;
    private final ProxyNioSocketWrapper connection;

    ProxiedServletConnection(ServletConnection tomcats, ProxyNioSocketWrapper connection) {
        this.tomcats = tomcats;
        this.connection = connection;
    }

    /** The connection's socket wrapper. */
    ProxyNioSocketWrapper connection() {
        return connection;
    }

    /** What the PROXY protocol phase found, or {@code null} if it never completed. */
    ProxiedConnection proxied() {
        return connection.proxiedConnection();
    }

    @Override
    public String getConnectionId() {
        return tomcats.getConnectionId();
    }

    @Override
    public String getProtocol() {
        return tomcats.getProtocol();
    }

    @Override
    public String getProtocolConnectionId() {
        return tomcats.getProtocolConnectionId();
    }

    @Override
    public boolean isSecure() {
        ProxiedConnection proxied = proxied();
        return tomcats.isSecure() || (proxied != null && proxied.secure());
    }

    @Override
    public String toString() {
        return tomcats + " " + proxied();
    }
}
