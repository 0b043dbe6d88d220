package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Puts what a PROXY-protocol connection brought on each of its exchanges: the header ({@link #HEADER}, absent for a
 * direct client) and the real peer, the balancer ({@link #PEER}); and, when the header's SSL TLV says the client used
 * TLS and {@link ProxyProtocolOptions#SSL_TLV_SECURE} is on, marks the exchange secure with scheme {@code https}.
 * Exchanges from other listeners pass through untouched. The addresses need no handler: the connection reports the
 * header's. Servlet deployments get all this, as request attributes too, from {@link ProxyProtocolServletExtension}.
 */
public final class ProxyProtocolHandler implements HttpHandler {
    /** The PROXY header the exchange's connection began with. */
    public static final AttachmentKey<ProxyHeader> HEADER = AttachmentKey.create(ProxyHeader.class);

    /** The real peer of the exchange's connection: the balancer, or the direct client. */
    public static final AttachmentKey<SocketAddress> PEER = AttachmentKey.create(SocketAddress.class);

    private final HttpHandler next;

    public ProxyProtocolHandler(HttpHandler next) {
        this.next = next;
    }

    /** A wrapper for handler chains ({@code DeploymentInfo}, {@code Handlers}...). */
    public static HandlerWrapper wrapper() {
        return ProxyProtocolHandler::new;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        apply(exchange);
        next.handleRequest(exchange);
    }

    /**
     * The PROXY protocol view of the exchange's connection, or {@code null} if it did not come through a
     * PROXY-protocol listener.
     */
    public static @Nullable ProxiedConnection connection(HttpServerExchange exchange) {
        return ProxiedSocketAddress.connectionOf(exchange.getConnection().getPeerAddress());
    }

    /** Attaches the header and peer and marks the exchange secure as the connection says; returns the connection. */
    static ProxiedConnection apply(HttpServerExchange exchange) {
        ProxiedConnection connection = connection(exchange);
        if (connection == null) {
            return null;
        }
        if (connection.header() != null) {
            exchange.putAttachment(HEADER, connection.header());
        }
        exchange.putAttachment(PEER, connection.peer());
        if (connection.secure()) {
            exchange.setRequestScheme("https");
            exchange.putAttachment(HttpServerExchange.SECURE_REQUEST, Boolean.TRUE);
        }
        return connection;
    }
}
