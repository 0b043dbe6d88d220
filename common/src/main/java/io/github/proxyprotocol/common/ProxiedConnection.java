package io.github.proxyprotocol.common;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What a connection looks like once its header phase is over: the addresses to report for every request on it,
 * whether it counts as secure, the header (or {@code null} for a direct client) and the real peer. An integration's
 * request decorator needs nothing else: {@link #setAttributes} for the request attributes, {@link #secure()} for the
 * https scheme, and {@link #replacesAddresses()} to know whether the header's addresses stand in for the socket's.
 *
 * @param header the header, {@code null} for a direct client
 * @param peer the socket's real peer: the balancer, or the direct client
 * @param remoteAddress the client to report: the header's source, else the real peer
 * @param localAddress the address to report as local: the header's destination, else the socket's own
 * @param secure whether an SSL TLV says the client used TLS and the listener lets that mark requests secure
 */
public record ProxiedConnection(
        @Nullable ProxyHeader header,
        SocketAddress peer,
        SocketAddress remoteAddress,
        SocketAddress localAddress,
        boolean secure) {

    /** The view of a connection with this header (or none), real peer and real local address. */
    public static ProxiedConnection of(
            @Nullable ProxyHeader header, SocketAddress peer, SocketAddress local, boolean sslTlvSecure) {
        if (header == null || !header.replacesConnectionAddresses()) {
            return new ProxiedConnection(header, peer, peer, local, secure(header, sslTlvSecure));
        }
        return new ProxiedConnection(header, peer, header.source(), header.destination(), secure(header, sslTlvSecure));
    }

    private static boolean secure(@Nullable ProxyHeader header, boolean sslTlvSecure) {
        return sslTlvSecure
                && header != null
                && header.command() == Command.PROXY
                && header.ssl().map(SslTlv::isSsl).orElse(false);
    }

    /**
     * Whether the header's addresses replace the socket's: a PROXY command with IPv4 or IPv6 addresses. Otherwise
     * (a direct client, LOCAL, UNKNOWN, UNSPEC, UNIX) the socket's own addresses stand.
     */
    public boolean replacesAddresses() {
        return header != null && header.replacesConnectionAddresses();
    }

    /** The client's address to report, when it is an IP socket address (as it always is when {@link #replacesAddresses()}). */
    public @Nullable InetSocketAddress remoteInetAddress() {
        return remoteAddress instanceof InetSocketAddress inet ? inet : null;
    }

    /** The local address to report, when it is an IP socket address (as it always is when {@link #replacesAddresses()}). */
    public @Nullable InetSocketAddress localInetAddress() {
        return localAddress instanceof InetSocketAddress inet ? inet : null;
    }

    /**
     * Gives {@code setter} the request attributes of every request on the connection: {@value ProxyHeader#ATTRIBUTE}
     * (the header, not for a direct client) and {@value ProxyHeader#PEER_ATTRIBUTE} (the real peer).
     */
    public void setAttributes(BiConsumer<String, Object> setter) {
        if (header != null) {
            setter.accept(ProxyHeader.ATTRIBUTE, header);
        }
        setter.accept(ProxyHeader.PEER_ATTRIBUTE, peer);
    }
}
