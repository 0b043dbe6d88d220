package io.github.proxyprotocol.benchmarks.e2e;

import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory;
import io.github.proxyprotocol.netty.ProxyProtocolHttpServer;
import io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol;
import io.github.proxyprotocol.undertow.ProxyProtocolOptions;
import io.github.proxyprotocol.undertow.ProxyProtocolUndertow;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.Headers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.ProxyProtocolSupportType;

/**
 * One container with HTTP/1.1 listeners on 127.0.0.1: a plain port, the container's built-in PROXY port (Jetty,
 * Undertow, Reactor Netty) and this project's port. {@code GET /} answers with the client address the container
 * sees, so that the benchmark can check that a PROXY port reports the address from the header. Prints {@code ready
 * plain=P builtin=B ours=O} ({@code builtin=0} for Tomcat, which has none) and serves until it is killed. System
 * properties can change the header timeout, the containers' idle timeouts and listen backlogs, and Tomcat's
 * connection limit (see {@link ServerOverrides}); without them every setting is the container's or this project's
 * default.
 */
public final class E2eServer {
    private static final String HOST = "127.0.0.1";

    private E2eServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: E2eServer tomcat|jetty|undertow|netty");
            System.exit(2);
        }
        ServerOverrides overrides = ServerOverrides.fromSystemProperties();
        ProxyProtocolConfig.Builder builder = ProxyProtocolConfig.builder().trustedProxies(HOST);
        overrides.headerTimeoutMillis().ifPresent(builder::headerTimeoutMillis);
        ProxyProtocolConfig config = builder.build();
        if (!overrides.equals(ServerOverrides.NONE)) {
            System.err.println("overrides: " + overrides);
        }
        int[] ports = switch (args[0].toLowerCase(Locale.ROOT)) {
            case "tomcat" -> tomcat(config, overrides);
            case "jetty" -> jetty(config, overrides);
            case "undertow" -> undertow(config, overrides);
            case "netty" -> netty(config, overrides);
            default -> throw new IllegalArgumentException("unknown container: " + args[0]);
        };
        System.out.println("ready plain=" + ports[0] + " builtin=" + ports[1] + " ours=" + ports[2]);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static byte[] body(String address) {
        return (address + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static int[] tomcat(ProxyProtocolConfig config, ServerOverrides overrides) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("e2e-tomcat-").toString());
        Connector plain = new Connector("HTTP/1.1");
        plain.setPort(0);
        plain.setProperty("address", HOST);
        Connector ours = new Connector(ProxyProtocolHttp11NioProtocol.class.getName());
        ours.setPort(0);
        ours.setProperty("address", HOST);
        ((ProxyProtocolHttp11NioProtocol) ours.getProtocolHandler()).setProxyProtocolConfig(config);
        for (Connector connector : List.of(plain, ours)) {
            overrides.idleTimeoutMillis().ifPresent(millis -> set(connector, "connectionTimeout", millis));
            overrides.maxConnections().ifPresent(limit -> set(connector, "maxConnections", limit));
            overrides.acceptQueue().ifPresent(backlog -> set(connector, "acceptCount", backlog));
        }
        tomcat.getService().addConnector(plain);
        tomcat.getService().addConnector(ours);
        tomcat.setConnector(plain);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "address", new AddressServlet());
        context.addServletMappingDecoded("/", "address");
        tomcat.start();
        for (Connector connector : List.of(plain, ours)) {
            if (connector.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("connector did not start: " + connector);
            }
        }
        return new int[] {plain.getLocalPort(), 0, ours.getLocalPort()};
    }

    private static void set(Connector connector, String name, Object value) {
        if (!connector.setProperty(name, value.toString())) {
            throw new IllegalStateException("Tomcat did not take " + name + "=" + value);
        }
    }

    private static final class AddressServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = body(request.getRemoteAddr());
            response.setContentType("text/plain");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private static int[] jetty(ProxyProtocolConfig config, ServerOverrides overrides) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jetty");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
        ServerConnector builtin = new ServerConnector(
                server, new ProxyConnectionFactory(HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        ServerConnector ours =
                new ServerConnector(server, new TrustedProxyConnectionFactory(config), new HttpConnectionFactory(http));
        for (ServerConnector connector : List.of(plain, builtin, ours)) {
            connector.setHost(HOST);
            connector.setPort(0);
            overrides.idleTimeoutMillis().ifPresent(connector::setIdleTimeout);
            overrides.acceptQueue().ifPresent(connector::setAcceptQueueSize);
            server.addConnector(connector);
        }
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = body(Request.getRemoteAddr(request));
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return new int[] {plain.getLocalPort(), builtin.getLocalPort(), ours.getLocalPort()};
    }

    private static int[] undertow(ProxyProtocolConfig config, ServerOverrides overrides) {
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost(HOST)
                        .setPort(0))
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost(HOST)
                        .setPort(0)
                        .setUseProxyProtocol(true))
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost(HOST)
                        .setPort(0)
                        .setOverrideSocketOptions(OptionMap.create(ProxyProtocolOptions.CONFIG, config)))
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender()
                            .send(ByteBuffer.wrap(body(
                                    exchange.getSourceAddress().getAddress().getHostAddress())));
                });
        overrides
                .idleTimeoutMillis()
                .ifPresent(millis -> builder.setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) millis));
        overrides.acceptQueue().ifPresent(backlog -> builder.setSocketOption(Options.BACKLOG, backlog));
        ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        undertow.start();
        List<Undertow.ListenerInfo> listeners = undertow.getListenerInfo();
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            ports[i] = ((InetSocketAddress) listeners.get(i).getAddress()).getPort();
        }
        return ports;
    }

    private static int[] netty(ProxyProtocolConfig config, ServerOverrides overrides) {
        HttpServer base = HttpServer.create()
                .host(HOST)
                .port(0)
                .handle((request, response) -> response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                        .sendByteArray(Mono.just(
                                body(request.remoteAddress().getAddress().getHostAddress()))));
        if (overrides.idleTimeoutMillis().isPresent()) {
            base = base.idleTimeout(
                    Duration.ofMillis(overrides.idleTimeoutMillis().getAsLong()));
        }
        if (overrides.acceptQueue().isPresent()) {
            base = base.option(ChannelOption.SO_BACKLOG, overrides.acceptQueue().getAsInt());
        }
        DisposableServer plain = base.bindNow();
        DisposableServer builtin =
                base.proxyProtocol(ProxyProtocolSupportType.ON).bindNow();
        DisposableServer ours = ProxyProtocolHttpServer.enable(base, config).bindNow();
        return new int[] {plain.port(), builtin.port(), ours.port()};
    }
}
