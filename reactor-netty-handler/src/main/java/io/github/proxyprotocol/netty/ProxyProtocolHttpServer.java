package io.github.proxyprotocol.netty;

import io.github.proxyprotocol.common.LogSink;
import io.github.proxyprotocol.common.MetricsRegistration;
import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.netty.http.server.ConnectionInfo;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerConfig;
import reactor.netty.http.server.ProxyProtocolSupportType;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * PROXY protocol for a Reactor Netty {@link HttpServer}: one listener, with its settings, metrics (also in JMX while
 * bound) and log. {@link #apply} returns the server configured with:
 *
 * <ul>
 *   <li>a {@link ProxyProtocolHandler} first in every connection's pipeline, ahead of TLS and HTTP
 *       ({@code doOnChannelInit});
 *   <li>a {@code forwarded} function that gives requests the header's addresses ({@code remoteAddress()}, {@code
 *       hostAddress()}) and, with an SSL TLV, the scheme {@code https}.
 * </ul>
 *
 * <pre>{@code
 * ProxyProtocolConfig config = ProxyProtocolConfig.builder()
 *         .trustedProxies("10.0.0.0/8")
 *         .build();
 * HttpServer server = ProxyProtocolHttpServer.enable(HttpServer.create().port(8080), config);
 * }</pre>
 *
 * Reactor Netty's own {@code proxyProtocol(ON)} or {@code AUTO} on the same server is refused: behind this listener it
 * would take a second header from any client. Call {@code HttpServer.forwarded(...)} only before, and pass that function
 * to {@link #thenForwarded}: a later call replaces this listener's function.
 */
public final class ProxyProtocolHttpServer implements Function<HttpServer, HttpServer> {
    private static final Logger LOG = Loggers.getLogger(ProxyProtocolHttpServer.class);
    private static final LogSink LOG_SINK = LogSink.of(LOG::warn, LOG::debug, LOG::isDebugEnabled);

    private final ProxyProtocolGate gate;
    private final BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo> next;
    private final Set<ProxyProtocolHandler> waiting = ConcurrentHashMap.newKeySet();
    private final Map<ConnectionKey, ProxiedConnection> proxied = new ConcurrentHashMap<>();
    private volatile MetricsRegistration mbean;

    private ProxyProtocolHttpServer(
            ProxyProtocolGate gate, BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo> next) {
        this.gate = gate;
        this.next = next;
    }

    /** A listener called {@code name} (in log lines and JMX) with these settings, for one {@link HttpServer}. */
    public static ProxyProtocolHttpServer create(String name, ProxyProtocolConfig config) {
        return new ProxyProtocolHttpServer(new ProxyProtocolGate(name, config, LOG_SINK), null);
    }

    /**
     * {@code server} with the PROXY protocol on, as a listener named {@code reactor-netty-PORT} after its configured
     * port ({@code reactor-netty} for an ephemeral one).
     *
     * @throws IllegalStateException if the server also has Reactor Netty's own PROXY protocol support or a forwarded
     *     function
     */
    public static HttpServer enable(HttpServer server, ProxyProtocolConfig config) {
        return create(defaultName(server), config).apply(server);
    }

    private static String defaultName(HttpServer server) {
        SocketAddress bind = server.configuration().bindAddress().get();
        return bind instanceof InetSocketAddress inet && inet.getPort() != 0
                ? "reactor-netty-" + inet.getPort()
                : "reactor-netty";
    }

    /**
     * This listener, with {@code forwarded} applied to each request's connection info after the header's addresses:
     * the way to also honour {@code Forwarded} / {@code X-Forwarded-*} headers set by a proxy in front of the
     * balancer.
     */
    public ProxyProtocolHttpServer thenForwarded(BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo> forwarded) {
        return new ProxyProtocolHttpServer(gate, Objects.requireNonNull(forwarded, "forwarded"));
    }

    /**
     * {@code server} with this listener's handler first in each connection's pipeline and its forwarded function.
     *
     * @throws IllegalStateException if the server also has Reactor Netty's own PROXY protocol support or a forwarded
     *     function
     */
    @Override
    public HttpServer apply(HttpServer server) {
        refuseSecondParser(server.configuration());
        if (server.configuration().isForwarded()) {
            throw new IllegalStateException("HttpServer.forwarded(...) is already set on this server: the PROXY"
                    + " protocol listener " + gate.name() + " sets its own; pass yours to"
                    + " ProxyProtocolHttpServer.thenForwarded(...) instead");
        }
        LOG.debug("PROXY protocol listener {}: {}", gate.name(), gate.config());
        return server.doOnBind(ProxyProtocolHttpServer::refuseSecondParser)
                .doOnChannelInit((observer, channel, remote) ->
                        channel.pipeline().addFirst(ProxyProtocolHandler.NAME, newHandler(channel)))
                .forwarded(this::forwarded)
                .doOnBound(bound -> mbean = MetricsRegistration.publish(gate, LOG_SINK))
                .doOnUnbound(bound -> unbound());
    }

    private static void refuseSecondParser(HttpServerConfig config) {
        ProxyProtocolSupportType builtIn = config.proxyProtocolSupportType();
        if (builtIn != ProxyProtocolSupportType.OFF) {
            throw new IllegalStateException("HttpServer.proxyProtocol(" + builtIn + ") is set on a server with this"
                    + " PROXY protocol listener: Reactor Netty's parser would then read a second header, from any"
                    + " peer, and let a client choose its address. Remove proxyProtocol(" + builtIn + ").");
        }
    }

    private ProxyProtocolHandler newHandler(Channel channel) {
        ProxyProtocolHandler handler = new ProxyProtocolHandler(gate, this::ended);
        waiting.add(handler);
        return handler;
    }

    /** A handler's header phase is over: its connection is remembered until it closes, for {@link #forwarded}. */
    private void ended(ProxyProtocolHandler handler, Channel channel, ProxiedConnection connection) {
        waiting.remove(handler);
        if (connection != null && (connection.replacesAddresses() || connection.secure())) {
            ConnectionKey key = new ConnectionKey(channel.remoteAddress(), channel.localAddress());
            proxied.put(key, connection);
            channel.closeFuture().addListener(closed -> proxied.remove(key, connection));
        }
    }

    /**
     * Reactor Netty's forwarded hook: gives a request the header's addresses and scheme. It sees the connection's own
     * addresses (the socket's peer and local address, for HTTP/2 streams too), which name one open connection.
     */
    private ConnectionInfo forwarded(ConnectionInfo info, HttpRequest request) {
        ProxiedConnection connection = proxied.get(new ConnectionKey(info.getRemoteAddress(), info.getHostAddress()));
        ConnectionInfo result = info;
        if (connection != null) {
            if (connection.replacesAddresses()) {
                result = result.withRemoteAddress(connection.remoteInetAddress())
                        .withHostAddress(connection.localInetAddress(), info.getHostName(), info.getHostPort());
            }
            if (connection.secure()) {
                result = result.withScheme("https");
            }
        }
        return next == null ? result : next.apply(result, request);
    }

    private void unbound() {
        MetricsRegistration registered = mbean;
        if (registered != null) {
            registered.close();
            mbean = null;
        }
        for (ProxyProtocolHandler handler : waiting) {
            handler.abandon();
        }
    }

    /** The listener's settings, metrics and log. */
    public ProxyProtocolGate gate() {
        return gate;
    }

    /** The listener's counters (also published in JMX as {@code io.github.proxyprotocol:type=ProxyProtocol,listener=NAME}). */
    public ProxyProtocolMetrics metrics() {
        return gate.metrics();
    }

    /** One open connection, by its socket's two ends. */
    private record ConnectionKey(SocketAddress remote, SocketAddress local) {}
}
