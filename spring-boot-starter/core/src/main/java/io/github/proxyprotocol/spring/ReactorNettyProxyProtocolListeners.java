package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.netty.ProxyProtocolHttpServer;
import io.netty.handler.codec.http.HttpRequest;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import reactor.netty.http.server.ConnectionInfo;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerConfig;

/**
 * Gives the embedded Reactor Netty {@link HttpServer} (Spring WebFlux) a {@link ProxyProtocolHttpServer} listener
 * with the application's settings, and lists it once bound. The starters' Reactor Netty customizers add {@link
 * #configure(HttpServer)} to the web server factory as the last of its server customizers.
 *
 * <p>A {@code forwarded} function already on the server (Spring Boot's, with {@code
 * server.forward-headers-strategy=native} or on a cloud platform, or an earlier customizer's) is kept: it runs after
 * the PROXY header's addresses are applied, so {@code Forwarded} and {@code X-Forwarded-*} headers still work.
 */
public final class ReactorNettyProxyProtocolListeners implements ProxyProtocolListeners {
    /** Numbers the servers on an ephemeral port, so that each listener has a JMX name of its own. */
    private static final AtomicInteger EPHEMERAL = new AtomicInteger();

    private final ListenerSettings settings;
    private final List<Configured> configured = new CopyOnWriteArrayList<>();

    public ReactorNettyProxyProtocolListeners(ListenerSettings settings) {
        this.settings = settings;
    }

    /**
     * {@code server} with a PROXY protocol listener first in every connection's pipeline.
     *
     * @throws ReactorNettyForwardedException if the server has a {@code forwarded} function that cannot be kept
     */
    public HttpServer configure(HttpServer server) {
        ProxyProtocolHttpServer listener = ProxyProtocolHttpServer.create(name(server), settings.config());
        HttpServer configured = server;
        if (server.configuration().isForwarded()) {
            listener = listener.thenForwarded(forwarded(server.configuration()));
            configured = server.forwarded(false);
        }
        Configured entry = new Configured(listener, server.configuration().isSecure() ? "https-" : "http-");
        this.configured.add(entry);
        return listener.apply(configured).doOnUnbound(unbound -> this.configured.remove(entry));
    }

    /**
     * The web server has started on {@code port}: the listeners configured for it are listed from now on. Called by
     * the starters when Spring Boot says the server is initialized (Reactor Netty reports its own bind later, on an
     * event loop).
     */
    public void started(int port) {
        for (Configured entry : configured) {
            if (entry.port == 0) {
                entry.port = port;
            }
        }
    }

    @Override
    public List<ProxyProtocolListener> started() {
        return configured.stream()
                .filter(entry -> entry.port > 0)
                .map(entry -> new ProxyProtocolListener(entry.scheme + entry.port, entry.listener.gate()))
                .toList();
    }

    /** {@code reactor-netty-PORT}, or {@code reactor-netty-ephemeral-N} for the N-th server on an ephemeral port. */
    private static String name(HttpServer server) {
        SocketAddress address = server.configuration().bindAddress().get();
        if (address instanceof InetSocketAddress inet && inet.getPort() != 0) {
            return "reactor-netty-" + inet.getPort();
        }
        return "reactor-netty-ephemeral-" + EPHEMERAL.incrementAndGet();
    }

    /**
     * The server's {@code forwarded} function, which {@link ProxyProtocolHttpServer} takes to run after its own.
     * Reactor Netty has no getter for it: it is read from the configuration's field.
     */
    @SuppressWarnings("unchecked")
    private static BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo> forwarded(HttpServerConfig config) {
        try {
            Field field = HttpServerConfig.class.getDeclaredField("forwardedHeaderHandler");
            field.setAccessible(true);
            Object function = field.get(config);
            if (function instanceof BiFunction<?, ?, ?>) {
                return (BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo>) function;
            }
            throw new ReactorNettyForwardedException("it is " + function, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof ReactorNettyForwardedException forwardedException) {
                throw forwardedException;
            }
            throw new ReactorNettyForwardedException(e.toString(), e);
        }
    }

    /** A listener configured on a server, and the port it listens on once started (0 until then). */
    private static final class Configured {
        private final ProxyProtocolHttpServer listener;
        private final String scheme;
        private volatile int port;

        Configured(ProxyProtocolHttpServer listener, String scheme) {
            this.listener = listener;
            this.scheme = scheme;
        }
    }
}
