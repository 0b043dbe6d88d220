package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty for the tests: a clear-text connector (trusted PROXY, HTTP/1.1, h2c) and a TLS connector (trusted
 * PROXY, TLS, ALPN, h2, HTTP/1.1) on 127.0.0.1 (or ::1), a {@link WhoAmIHandler} (or another handler) and a request log kept in
 * memory with the format {@value #LOG_FORMAT}.
 */
final class TestServer implements AutoCloseable {
    static final String LOG_FORMAT = "%{client}a %{remote}a %{remote}p %{local}a %{local}p \"%r\" %s";

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;
    private final TrustedProxyConnectionFactory httpProxy;
    private final TrustedProxyConnectionFactory httpsProxy;
    private final WhoAmIHandler whoAmI;
    private final List<String> requestLog;

    private TestServer(
            Server server,
            ServerConnector http,
            ServerConnector https,
            TrustedProxyConnectionFactory httpProxy,
            TrustedProxyConnectionFactory httpsProxy,
            WhoAmIHandler whoAmI,
            List<String> requestLog) {
        this.server = server;
        this.http = http;
        this.https = https;
        this.httpProxy = httpProxy;
        this.httpsProxy = httpsProxy;
        this.whoAmI = whoAmI;
        this.requestLog = requestLog;
    }

    /** A server trusting 127.0.0.1 only, with every other setting at its default. */
    static TestServer start() {
        return start(factory -> {});
    }

    /** A server whose two PROXY factories are first given {@code trustedProxies} 127.0.0.1 and then {@code settings}. */
    static TestServer start(Consumer<TrustedProxyConnectionFactory> settings) {
        return start(settings, null);
    }

    /** As {@link #start(Consumer)}, serving {@code handler} instead of a {@link WhoAmIHandler} when not null. */
    static TestServer start(Consumer<TrustedProxyConnectionFactory> settings, Handler handler) {
        return start(settings, handler, server -> {});
    }

    /** As {@link #start(Consumer, Handler)}, letting {@code beforeStart} add to the server before it starts. */
    static TestServer start(
            Consumer<TrustedProxyConnectionFactory> settings, Handler handler, Consumer<Server> beforeStart) {
        return start("127.0.0.1", settings, handler, beforeStart);
    }

    /** A server listening on {@code host} (127.0.0.1 or ::1) whose factories trust that loopback address. */
    static TestServer startOn(String host, Consumer<TrustedProxyConnectionFactory> settings) {
        return start(host, settings, null, server -> {});
    }

    private static TestServer start(
            String host,
            Consumer<TrustedProxyConnectionFactory> settings,
            Handler handler,
            Consumer<Server> beforeStart) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("test-jetty");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();

        TrustedProxyConnectionFactory httpProxy = new TrustedProxyConnectionFactory();
        httpProxy.setTrustedProxies(host);
        settings.accept(httpProxy);
        ServerConnector http = new ServerConnector(
                server, httpProxy, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
        http.setHost(host);
        http.setIdleTimeout(30_000);
        server.addConnector(http);

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(TestCertificates.serverKeyStore());
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        HttpConfiguration tlsConfig = new HttpConfiguration(config);
        TrustedProxyConnectionFactory httpsProxy = new TrustedProxyConnectionFactory();
        httpsProxy.setTrustedProxies(host);
        settings.accept(httpsProxy);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        ServerConnector https = new ServerConnector(
                server,
                httpsProxy,
                new SslConnectionFactory(ssl, alpn.getProtocol()),
                alpn,
                new HTTP2ServerConnectionFactory(tlsConfig),
                new HttpConnectionFactory(tlsConfig));
        https.setHost(host);
        server.addConnector(https);

        WhoAmIHandler whoAmI = new WhoAmIHandler();
        server.setHandler(handler != null ? handler : whoAmI);
        List<String> requestLog = new CopyOnWriteArrayList<>();
        server.setRequestLog(new CustomRequestLog(requestLog::add, LOG_FORMAT));
        beforeStart.accept(server);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            throw new IllegalStateException("cannot start Jetty", e);
        }
        return new TestServer(server, http, https, httpProxy, httpsProxy, whoAmI, requestLog);
    }

    Server server() {
        return server;
    }

    int port() {
        return http.getLocalPort();
    }

    int tlsPort() {
        return https.getLocalPort();
    }

    ServerConnector httpConnector() {
        return http;
    }

    TrustedProxyConnectionFactory factory() {
        return httpProxy;
    }

    TrustedProxyConnectionFactory tlsFactory() {
        return httpsProxy;
    }

    ProxyProtocolMetrics metrics() {
        return httpProxy.getMetrics();
    }

    ProxyProtocolMetrics tlsMetrics() {
        return httpsProxy.getMetrics();
    }

    /** Requests that reached the handler. */
    int handled() {
        return whoAmI.handled();
    }

    List<String> requestLog() {
        return requestLog;
    }

    /** Waits (5 s at most) for a request log line matching {@code match}. */
    String awaitLogLine(Predicate<String> match) {
        return Await.value(
                Duration.ofSeconds(5),
                () -> "no request log line matched; lines: " + requestLog,
                () -> requestLog.stream().filter(match).findFirst().orElse(null));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }
}
