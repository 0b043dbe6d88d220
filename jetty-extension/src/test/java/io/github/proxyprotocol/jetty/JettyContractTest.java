package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.contract.ContractServer;
import io.github.proxyprotocol.testsupport.contract.ContractServerFactory;
import io.github.proxyprotocol.testsupport.contract.ContractSettings;
import io.github.proxyprotocol.testsupport.contract.ProxyProtocolContract;
import io.github.proxyprotocol.testsupport.contract.WhoAmI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The contract suite on embedded Jetty (12.1 and 12.0, one surefire run each), set up as a jetty-base would be. */
class JettyContractTest extends ProxyProtocolContract {

    @Override
    protected ContractServerFactory factory() {
        return JettyContractServer::start;
    }

    /** Jetty with a plain connector (HTTP/1.1, h2c) and a TLS one (ALPN h2, http/1.1), each ours first. */
    static final class JettyContractServer implements ContractServer {
        private final Server server;
        private final ServerConnector http;
        private final ServerConnector https;
        private final TrustedProxyConnectionFactory proxy;
        private final AtomicInteger served;
        private final List<String> requestLog;
        private final LogCapture log;

        private JettyContractServer(
                Server server,
                ServerConnector http,
                ServerConnector https,
                TrustedProxyConnectionFactory proxy,
                AtomicInteger served,
                List<String> requestLog,
                LogCapture log) {
            this.server = server;
            this.http = http;
            this.https = https;
            this.proxy = proxy;
            this.served = served;
            this.requestLog = requestLog;
            this.log = log;
        }

        static ContractServer start(ContractSettings settings) throws Exception {
            Server server = new Server();
            HttpConfiguration config = new HttpConfiguration();
            TrustedProxyConnectionFactory proxy = factory(settings);
            ServerConnector http = new ServerConnector(
                    server, proxy, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
            http.setHost("127.0.0.1");
            server.addConnector(http);

            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(TestCertificates.serverKeyStore());
            ssl.setKeyStorePassword(TestCertificates.PASSWORD);
            HttpConfiguration tlsConfig = new HttpConfiguration(config);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            ServerConnector https = new ServerConnector(
                    server,
                    factory(settings),
                    new SslConnectionFactory(ssl, alpn.getProtocol()),
                    alpn,
                    new HTTP2ServerConnectionFactory(tlsConfig),
                    new HttpConnectionFactory(tlsConfig));
            https.setHost("127.0.0.1");
            server.addConnector(https);

            AtomicInteger served = new AtomicInteger();
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    served.incrementAndGet();
                    String body = WhoAmI.format(
                            Request.getRemoteAddr(request),
                            Request.getRemotePort(request),
                            Request.getLocalAddr(request),
                            Request.getLocalPort(request),
                            request.isSecure(),
                            request.getHttpURI().getScheme(),
                            request.getConnectionMetaData().getProtocol(),
                            request.getAttribute(ProxyHeader.ATTRIBUTE),
                            request.getAttribute(ProxyHeader.PEER_ATTRIBUTE));
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
                    Content.Sink.write(response, true, body, callback);
                    return true;
                }
            });
            List<String> requestLog = new CopyOnWriteArrayList<>();
            // jetty-home's default: %{client}a is the client as the connection reports it
            server.setRequestLog(new CustomRequestLog(requestLog::add, "%{client}a \"%r\" %s"));
            LogCapture log = new LogCapture();
            server.start();
            return new JettyContractServer(server, http, https, proxy, served, requestLog, log);
        }

        private static TrustedProxyConnectionFactory factory(ContractSettings settings) {
            TrustedProxyConnectionFactory factory = new TrustedProxyConnectionFactory();
            factory.setTrustedProxies(settings.trustedProxies());
            factory.setDirectClients(settings.directClients());
            factory.setHeaderTimeout(settings.headerTimeoutMillis());
            factory.setVersions(settings.versions());
            factory.setMaxHeaderSize(settings.maxHeaderSize());
            factory.setSslTlvSecure(settings.sslTlvSecure());
            return factory;
        }

        @Override
        public int port() {
            return http.getLocalPort();
        }

        @Override
        public int tlsPort() {
            return https.getLocalPort();
        }

        @Override
        public ProxyProtocolMetrics metrics() {
            return proxy.getMetrics();
        }

        @Override
        public int requestsServed() {
            return served.get();
        }

        @Override
        public List<String> accessLog() {
            return requestLog;
        }

        @Override
        public List<String> warnings() {
            return log.linesContaining("PROXY protocol");
        }

        @Override
        public void close() {
            log.close();
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop Jetty", e);
            }
        }
    }
}
