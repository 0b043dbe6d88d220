package io.github.proxyprotocol.netty;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.http.server.ConnectionInformation;
import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;
import reactor.netty.http.server.logging.AccessLogFactory;

/**
 * What a PROXY-protocol connection gives the application: its {@link ProxiedConnection} (header, real peer, the
 * addresses to report), read from the channel, and an access log that shows the client.
 */
public final class ProxyProtocolNetty {
    /**
     * The channel attribute that holds a connection's {@link ProxiedConnection} once its header phase is over (for a
     * direct client too, with no header). Set on the connection's channel; HTTP/2 streams find it on their parent.
     */
    public static final AttributeKey<ProxiedConnection> CONNECTION =
            AttributeKey.valueOf("io.github.proxyprotocol.connection");

    private static final String ACCESS_LOG_FORMAT = "{} - {} [{}] \"{} {} {}\" {} {} {}";
    private static final DateTimeFormatter ACCESS_LOG_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);
    private static final String MISSING = "-";

    private ProxyProtocolNetty() {}

    /**
     * The connection's view of its PROXY header, or {@code null} if it did not come through a PROXY-protocol
     * listener. {@code channel} may be the connection's channel or one of its HTTP/2 streams.
     */
    public static @Nullable ProxiedConnection connection(Channel channel) {
        for (Channel c = channel; c != null; c = c.parent()) {
            ProxiedConnection connection = c.attr(CONNECTION).get();
            if (connection != null) {
                return connection;
            }
        }
        return null;
    }

    /**
     * As {@link #connection(Channel)}, for a Reactor Netty connection (in a handler: {@code
     * request.withConnection(c -> ProxyProtocolNetty.connection(c))}).
     */
    public static @Nullable ProxiedConnection connection(Connection connection) {
        return connection(connection.channel());
    }

    /** The parsed header ({@value ProxyHeader#ATTRIBUTE}), or {@code null} for a direct client. */
    public static @Nullable ProxyHeader header(Channel channel) {
        ProxiedConnection connection = connection(channel);
        return connection == null ? null : connection.header();
    }

    /** The real peer, the balancer's address ({@value ProxyHeader#PEER_ATTRIBUTE}), or {@code null}. */
    public static @Nullable SocketAddress peer(Channel channel) {
        ProxiedConnection connection = connection(channel);
        return connection == null ? null : connection.peer();
    }

    /**
     * Reactor Netty's default access log line ({@code client - user [time] "method uri protocol" status length
     * duration}) with the client as the request reports it: the header's source. Reactor Netty's own default shows
     * the socket's peer, the balancer. Use it with {@code HttpServer.accessLog(true, ProxyProtocolNetty.accessLog())}.
     */
    public static AccessLogFactory accessLog() {
        return ProxyProtocolNetty::accessLogLine;
    }

    @SuppressWarnings("deprecation")
    private static AccessLog accessLogLine(AccessLogArgProvider args) {
        ConnectionInformation info = args.connectionInformation();
        SocketAddress client = info != null ? info.remoteAddress() : args.remoteAddress();
        ZonedDateTime time = args.accessDateTime();
        return AccessLog.create(
                ACCESS_LOG_FORMAT,
                client instanceof InetSocketAddress inet ? inet.getHostString() : MISSING,
                args.user(),
                time == null ? MISSING : time.format(ACCESS_LOG_TIME),
                args.method(),
                args.uri(),
                args.protocol(),
                args.status(),
                args.contentLength() > -1 ? args.contentLength() : MISSING,
                args.duration());
    }
}
