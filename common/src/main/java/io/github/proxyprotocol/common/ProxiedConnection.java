package io.github.proxyprotocol.common;

import java.net.SocketAddress;

/**
 * What a connection looks like once its PROXY protocol phase is over: the addresses to report for every request on
 * it, whether it counts as secure, the header (or {@code null} for a direct client) and the real peer.
 *
 * @param header the header, {@code null} for a direct client
 * @param peer the socket's real peer: the balancer, or the direct client
 * @param remoteAddress the client to report: the header's source, else the real peer
 * @param localAddress the address to report as local: the header's destination, else the socket's own
 * @param secure whether an SSL TLV says the client used TLS and the listener lets that mark requests secure
 */
public record ProxiedConnection(
        ProxyHeader header,
        SocketAddress peer,
        SocketAddress remoteAddress,
        SocketAddress localAddress,
        boolean secure) {

    /** The view of a connection with this header (or none), real peer and real local address. */
    public static ProxiedConnection of(
            ProxyHeader header, SocketAddress peer, SocketAddress local, boolean sslTlvSecure) {
        if (header == null || !header.hasInetAddresses()) {
            return new ProxiedConnection(header, peer, peer, local, secure(header, sslTlvSecure));
        }
        return new ProxiedConnection(header, peer, header.source(), header.destination(), secure(header, sslTlvSecure));
    }

    private static boolean secure(ProxyHeader header, boolean sslTlvSecure) {
        return sslTlvSecure
                && header != null
                && header.command() == Command.PROXY
                && header.ssl().map(SslTlv::isSsl).orElse(false);
    }
}
