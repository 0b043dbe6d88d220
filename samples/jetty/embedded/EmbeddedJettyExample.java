/*
 * An embedded Jetty 12 behind a load balancer that sends the PROXY protocol.
 *
 * Run it as a single source file with Jetty 12.0 or 12.1 (jetty-server, jetty-alpn-java-server,
 * jetty-http2-server, jetty-jmx, jetty-slf4j-impl and their dependencies) and the two jars of this project
 * on the class path:
 *
 *   java -cp 'lib/*' EmbeddedJettyExample.java
 *
 * then, from this machine:
 *
 *   curl --haproxy-protocol http://127.0.0.1:8080/        # answered: you are 127.0.0.1 (from the header)
 *   curl http://127.0.0.1:8080/                           # closed without a response: no header
 *
 * With a keystore.p12 (password changeit) in the working directory, HTTPS and HTTP/2 listen on 8443 as well.
 */

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.jmx.MBeanContainer;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

public class EmbeddedJettyExample {
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();

        // Clear text: PROXY header first, then HTTP/1.1 (or h2c).
        ServerConnector plain = new ServerConnector(
                server, proxyProtocol(), new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        plain.setPort(8080);
        server.addConnector(plain);

        // TLS passed through by the balancer: PROXY header first, then TLS, ALPN, HTTP/2 or HTTP/1.1.
        Path keyStore = Path.of("keystore.p12");
        if (Files.exists(keyStore)) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(keyStore.toString());
            tls.setKeyStorePassword("changeit");
            HttpConfiguration https = new HttpConfiguration(http);
            https.setSecureScheme("https");
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            ServerConnector secure = new ServerConnector(
                    server,
                    proxyProtocol(),
                    new SslConnectionFactory(tls, alpn.getProtocol()),
                    alpn,
                    new HTTP2ServerConnectionFactory(https),
                    new HttpConnectionFactory(https));
            secure.setPort(8443);
            server.addConnector(secure);
        }

        // Counters and settings over JMX (jconsole: io.github.proxyprotocol.*).
        server.addBean(new MBeanContainer(ManagementFactory.getPlatformMBeanServer()));
        // %{client}a is the client from the header.
        server.setRequestLog(new CustomRequestLog(new Slf4jRequestLogWriter(), "%{client}a:%{client}p \"%r\" %s"));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ProxyHeader header = (ProxyHeader) request.getAttribute(ProxyHeader.ATTRIBUTE);
                String text = "you are " + Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request)
                        + ", secure=" + request.isSecure()
                        + ", through " + request.getAttribute(ProxyHeader.PEER_ATTRIBUTE)
                        + ", header " + (header == null ? "none" : "v" + header.version().number()) + "\n";
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
                Content.Sink.write(response, true, text, callback);
                return true;
            }
        });
        server.start();
        server.join();
    }

    /** One factory per connector: each has its own counters. */
    private static TrustedProxyConnectionFactory proxyProtocol() {
        TrustedProxyConnectionFactory factory = new TrustedProxyConnectionFactory();
        factory.setTrustedProxies("127.0.0.1, ::1, 10.0.0.0/8"); // the load balancers; required
        factory.setDirectClients("10.0.0.0/8"); // also served without a header (pods reaching it directly)
        factory.setHeaderTimeout(3000); // milliseconds for the whole header
        factory.setVersions("v1,v2");
        factory.setMaxHeaderSize(4096);
        factory.setSslTlvSecure(true); // an SSL TLV (TLS offloaded by the balancer) makes requests https
        return factory;
    }
}
