package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxiedConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The client address a PROXY-protocol connection reports as its peer, carrying the connection's {@link
 * ProxiedConnection}. Undertow asks every connection type (HTTP/1.1, HTTP/2, TLS or not) for its peer address, so this
 * is how a request finds the header it came with. Serializes as a plain {@link InetSocketAddress}.
 */
final class ProxiedSocketAddress extends InetSocketAddress {
    private static final long serialVersionUID = 1L;

    private final transient ProxiedConnection connection;

    private ProxiedSocketAddress(InetSocketAddress address, ProxiedConnection connection) {
        super(address.getAddress(), address.getPort());
        this.connection = connection;
    }

    /** The address to report as the peer of a connection: the client's, carrying {@code connection}. */
    static SocketAddress of(ProxiedConnection connection) {
        SocketAddress remote = connection.remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return new ProxiedSocketAddress(inet, connection);
        }
        return remote;
    }

    /** The connection a peer address belongs to, or {@code null} if it did not come from a PROXY-protocol listener. */
    static ProxiedConnection connectionOf(SocketAddress peer) {
        return peer instanceof ProxiedSocketAddress proxied ? proxied.connection : null;
    }

    private Object writeReplace() {
        return new InetSocketAddress(getAddress(), getPort());
    }
}
