package io.github.proxyprotocol.netty;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.contract.ContractServer;
import io.github.proxyprotocol.testsupport.contract.ContractServerFactory;
import io.github.proxyprotocol.testsupport.contract.ContractSettings;
import io.github.proxyprotocol.testsupport.contract.ProxyProtocolContract;
import io.github.proxyprotocol.testsupport.contract.WhoAmI;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The contract suite on Reactor Netty's HttpServer, set up as an application would. */
class ReactorNettyContractTest extends ProxyProtocolContract {

    @Override
    protected ContractServerFactory factory() {
        return ReactorNettyContractServer::start;
    }

    /** Two HttpServers: plain (HTTP/1.1, h2c) and TLS (ALPN h2, http/1.1), each with its PROXY protocol listener. */
    static final class ReactorNettyContractServer implements ContractServer {
        private static final AtomicInteger SERVERS = new AtomicInteger();

        private final DisposableServer http;
        private final DisposableServer https;
        private final ProxyProtocolHttpServer proxy;
        private final AtomicInteger served;
        private final LogCapture accessLog;
        private final LogCapture log;

        private ReactorNettyContractServer(
                DisposableServer http,
                DisposableServer https,
                ProxyProtocolHttpServer proxy,
                AtomicInteger served,
                LogCapture accessLog,
                LogCapture log) {
            this.http = http;
            this.https = https;
            this.proxy = proxy;
            this.served = served;
            this.accessLog = accessLog;
            this.log = log;
        }

        static ContractServer start(ContractSettings settings) {
            ProxyProtocolConfig.Builder builder = ProxyProtocolConfig.builder();
            settings.asText().forEach(builder::set);
            ProxyProtocolConfig config = builder.build();
            int n = SERVERS.incrementAndGet();
            String plainName = "reactor-netty-contract-" + n;
            String tlsName = "reactor-netty-contract-tls-" + n;
            LogCapture log = LogCapture.warnings("io.github.proxyprotocol.netty", plainName, tlsName);
            LogCapture accessLog = LogCapture.all("reactor.netty.http.server.AccessLog");
            AtomicInteger served = new AtomicInteger();

            ProxyProtocolHttpServer proxy = ProxyProtocolHttpServer.create(plainName, config);
            DisposableServer http = proxy.apply(server(served).protocol(HttpProtocol.HTTP11, HttpProtocol.H2C))
                    .bindNow();
            DisposableServer https = ProxyProtocolHttpServer.create(tlsName, config)
                    .apply(server(served)
                            .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                            .secure(spec -> spec.sslContext(TlsContexts.serverHttp2())))
                    .bindNow();
            return new ReactorNettyContractServer(http, https, proxy, served, accessLog, log);
        }

        private static HttpServer server(AtomicInteger served) {
            return HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .accessLog(true, ProxyProtocolNetty.accessLog())
                    .handle((request, response) -> whoami(request, response, served));
        }

        private static Publisher<Void> whoami(
                HttpServerRequest request, HttpServerResponse response, AtomicInteger served) {
            served.incrementAndGet();
            InetSocketAddress remote = request.remoteAddress();
            InetSocketAddress local = request.hostAddress();
            ProxiedConnection[] connection = new ProxiedConnection[1];
            request.withConnection(c -> connection[0] = ProxyProtocolNetty.connection(c));
            String body = WhoAmI.format(
                    remote.getAddress().getHostAddress(),
                    remote.getPort(),
                    local.getAddress().getHostAddress(),
                    local.getPort(),
                    "https".equals(request.scheme()),
                    request.scheme(),
                    request.protocol(),
                    connection[0] == null ? null : connection[0].header(),
                    connection[0] == null ? null : connection[0].peer());
            return response.header("Content-Type", "text/plain").sendString(Mono.just(body));
        }

        @Override
        public int port() {
            return http.port();
        }

        @Override
        public int tlsPort() {
            return https.port();
        }

        @Override
        public ProxyProtocolMetrics metrics() {
            return proxy.metrics();
        }

        @Override
        public int requestsServed() {
            return served.get();
        }

        @Override
        public List<String> accessLog() {
            return accessLog.lines();
        }

        @Override
        public List<String> warnings() {
            return log.lines();
        }

        @Override
        public void close() {
            http.disposeNow();
            https.disposeNow();
            accessLog.close();
            log.close();
        }
    }
}
