package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxiedConnection;
import jakarta.servlet.ServletConnection;
import java.net.InetSocketAddress;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's socket wrapper for one connection, reporting the addresses of its PROXY protocol header: every processor
 * (HTTP/1.1, HTTP/2 streams, upgraded connections) and the access log read the client's address from here.
 */
final class ProxyNioSocketWrapper extends NioEndpoint.NioSocketWrapper {
    private final HeaderPhase phase;
    private volatile ProxiedConnection connection;
    private ProxiedServletConnection servletConnection;

    ProxyNioSocketWrapper(NioChannel channel, NioEndpoint endpoint) {
        super(channel, endpoint);
        this.phase = ((HeaderPhaseChannel) channel).headerPhase();
    }

    /**
     * The PROXY protocol phase is over: report the header's addresses from now on and give the connection Tomcat's own
     * read timeout again, counted from now.
     */
    void proxied(ProxiedConnection proxied) {
        if (proxied.remoteAddress() instanceof InetSocketAddress remote
                && proxied.localAddress() instanceof InetSocketAddress local
                && proxied.header() != null
                && proxied.header().hasInetAddresses()) {
            // Addresses only: a header's address is never resolved to a host name.
            remoteAddr = address(remote);
            remoteHost = remoteAddr;
            remotePort = remote.getPort();
            localAddr = address(local);
            localName = localAddr;
            localPort = local.getPort();
        }
        connection = proxied;
        setReadTimeout(getEndpoint().getConnectionTimeout());
        updateLastRead();
    }

    private static String address(InetSocketAddress socketAddress) {
        return socketAddress.getAddress().getHostAddress();
    }

    /** What the PROXY protocol phase found, or {@code null} while it is not over (or failed). */
    ProxiedConnection proxiedConnection() {
        return connection;
    }

    @Override
    public ServletConnection getServletConnection(String protocol, String protocolConnectionId) {
        if (servletConnection == null) {
            servletConnection = new ProxiedServletConnection(
                    super.getServletConnection(protocol, protocolConnectionId), this::proxiedConnection);
        }
        return servletConnection;
    }

    @Override
    protected void doClose() {
        phase.closing(getError());
        super.doClose();
    }
}
