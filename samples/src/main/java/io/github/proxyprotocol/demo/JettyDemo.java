package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty with a {@link TrustedProxyConnectionFactory} first on each connector (in front of HTTP/1.1, and of
 * TLS for HTTPS), serving {@code /whoami} with a core handler.
 */
final class JettyDemo implements DemoServer {
    // Handler.Container hides the demo's Container inside handlers
    private static final String NAME = Container.JETTY.id();

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;

    private JettyDemo(Server server, ServerConnector http, ServerConnector https) {
        this.server = server;
        this.http = http;
        this.https = https;
    }

    static JettyDemo start(ServerSettings settings) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jetty");
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector http = new ServerConnector(
                server, new TrustedProxyConnectionFactory(settings.proxyProtocol()), new HttpConnectionFactory(config));
        http.setName("jetty-http");
        http.setHost(settings.host());
        http.setPort(settings.httpPort());
        server.addConnector(http);
        ServerConnector https = null;
        if (settings.httpsPort().isPresent()) {
            HttpConfiguration tlsConfig = new HttpConfiguration(config);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // clients reach the demo by any name or address (through a balancer, say): the certificate is a demo's
            secure.setSniHostCheck(false);
            tlsConfig.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(DemoCertificate.keyStore());
            ssl.setKeyStorePassword(DemoCertificate.PASSWORD);
            HttpConnectionFactory http11 = new HttpConnectionFactory(tlsConfig);
            https = new ServerConnector(
                    server,
                    new TrustedProxyConnectionFactory(settings.proxyProtocol()),
                    new SslConnectionFactory(ssl, http11.getProtocol()),
                    http11);
            https.setName("jetty-https");
            https.setHost(settings.host());
            https.setPort(settings.httpsPort().getAsInt());
            server.addConnector(https);
        }
        server.setHandler(new WhoAmIHandler());
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new JettyDemo(server, http, https);
    }

    @Override
    public Container container() {
        return Container.JETTY;
    }

    @Override
    public int httpPort() {
        return http.getLocalPort();
    }

    @Override
    public OptionalInt httpsPort() {
        return https == null ? OptionalInt.empty() : OptionalInt.of(https.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }

    /** Answers {@code GET /whoami} from the request's addresses and the PROXY protocol request attributes. */
    private static final class WhoAmIHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!WhoAmI.PATH.equals(Request.getPathInContext(request)) || !HttpMethod.GET.is(request.getMethod())) {
                return false;
            }
            WhoAmI whoAmI = new WhoAmI(
                    NAME,
                    withoutBrackets(Request.getRemoteAddr(request)),
                    Request.getRemotePort(request),
                    withoutBrackets(Request.getLocalAddr(request)),
                    Request.getLocalPort(request),
                    request.isSecure(),
                    request.getHttpURI().getScheme(),
                    (SocketAddress) request.getAttribute(ProxyHeader.PEER_ATTRIBUTE),
                    (ProxyHeader) request.getAttribute(ProxyHeader.ATTRIBUTE));
            byte[] body = whoAmI.toJson().toString().getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, WhoAmI.CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }

        /** An address as the other containers write it: Jetty puts an IPv6 one in brackets. */
        private static String withoutBrackets(String address) {
            return address != null && address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1)
                    : address;
        }
    }
}
