package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.netty.ProxyProtocolHttpServer;
import io.github.proxyprotocol.netty.ProxyProtocolNetty;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Reactor Netty (the server under Spring WebFlux) with a {@link ProxyProtocolHttpServer} listener on each of its
 * servers, serving {@code /whoami}: HTTP/1.1 and h2c on the HTTP port, HTTP/1.1 and h2 over ALPN on the HTTPS port.
 * Reactor Netty binds one port per server, so HTTPS is a second server with its own listener.
 */
final class NettyDemo implements DemoServer {
    private final DisposableServer http;
    private final DisposableServer https;

    private NettyDemo(DisposableServer http, DisposableServer https) {
        this.http = http;
        this.https = https;
    }

    static NettyDemo start(ServerSettings settings) {
        ProxyProtocolConfig config = settings.proxyProtocol();
        DisposableServer http = bind(settings.host(), settings.httpPort(), false, config);
        if (settings.httpsPort().isEmpty()) {
            return new NettyDemo(http, null);
        }
        try {
            return new NettyDemo(
                    http, bind(settings.host(), settings.httpsPort().getAsInt(), true, config));
        } catch (RuntimeException e) {
            http.disposeNow();
            throw e;
        }
    }

    private static DisposableServer bind(String host, int port, boolean tls, ProxyProtocolConfig config) {
        HttpServer server = HttpServer.create().host(host).port(port).handle(NettyDemo::handle);
        if (tls) {
            server = server.protocol(HttpProtocol.HTTP11, HttpProtocol.H2).secure(spec -> spec.sslContext(tlsSpec()));
        } else {
            server = server.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C);
        }
        String name = "netty-" + (tls ? "https" : "http") + (port == 0 ? "" : "-" + port);
        return ProxyProtocolHttpServer.create(name, config).apply(server).bindNow();
    }

    private static Http2SslContextSpec tlsSpec() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(DemoCertificate.keyStore(), DemoCertificate.PASSWORD.toCharArray());
            return Http2SslContextSpec.forServer(keys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the demo certificate", e);
        }
    }

    /** Answers {@code GET /whoami} from the request's addresses and the connection's PROXY header. */
    private static Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        if (!WhoAmI.PATH.equals(path) || !HttpMethod.GET.equals(request.method())) {
            return response.status(HttpResponseStatus.NOT_FOUND).send();
        }
        AtomicReference<ProxiedConnection> connection = new AtomicReference<>();
        request.withConnection(c -> connection.set(ProxyProtocolNetty.connection(c)));
        ProxiedConnection proxied = connection.get();
        InetSocketAddress remote = request.remoteAddress();
        InetSocketAddress local = request.hostAddress();
        WhoAmI whoAmI = new WhoAmI(
                Container.NETTY.id(),
                remote.getAddress().getHostAddress(),
                remote.getPort(),
                local.getAddress().getHostAddress(),
                local.getPort(),
                "https".equals(request.scheme()),
                request.scheme(),
                proxied == null ? null : proxied.peer(),
                proxied == null ? null : proxied.header());
        return response.header(HttpHeaderNames.CONTENT_TYPE, WhoAmI.CONTENT_TYPE)
                .sendString(Mono.just(whoAmI.toJson().toString()));
    }

    @Override
    public Container container() {
        return Container.NETTY;
    }

    @Override
    public int httpPort() {
        return http.port();
    }

    @Override
    public OptionalInt httpsPort() {
        return https == null ? OptionalInt.empty() : OptionalInt.of(https.port());
    }

    @Override
    public void close() {
        try {
            if (https != null) {
                https.disposeNow();
            }
        } finally {
            http.disposeNow();
        }
    }
}
