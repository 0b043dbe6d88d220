package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.contract.ContractServer;
import io.github.proxyprotocol.testsupport.contract.ContractServerFactory;
import io.github.proxyprotocol.testsupport.contract.ContractSettings;
import io.github.proxyprotocol.testsupport.contract.ProxyProtocolContract;
import io.github.proxyprotocol.testsupport.contract.WhoAmI;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.OptionMap;
import org.xnio.Options;

/** The contract suite on Undertow (2.3 and 2.4, one surefire run each), through {@code Undertow.builder()}. */
class UndertowContractTest extends ProxyProtocolContract {

    @Override
    protected ContractServerFactory factory() {
        return UndertowContractServer::start;
    }

    /** Undertow with an HTTP listener (h2c) and an HTTPS one (ALPN h2), both with the PROXY protocol options. */
    static final class UndertowContractServer implements ContractServer {
        private final Undertow undertow;
        private final ProxyProtocolWorker worker;
        private final AtomicInteger served;
        private final List<String> accessLog;
        private final LogCapture log;

        private UndertowContractServer(
                Undertow undertow,
                ProxyProtocolWorker worker,
                AtomicInteger served,
                List<String> accessLog,
                LogCapture log) {
            this.undertow = undertow;
            this.worker = worker;
            this.served = served;
            this.accessLog = accessLog;
            this.log = log;
        }

        static ContractServer start(ContractSettings settings) {
            OptionMap options = OptionMap.builder()
                    .set(ProxyProtocolOptions.TRUSTED_PROXIES, settings.trustedProxies())
                    .set(ProxyProtocolOptions.DIRECT_CLIENTS, settings.directClients())
                    .set(ProxyProtocolOptions.HEADER_TIMEOUT, (int) settings.headerTimeoutMillis())
                    .set(ProxyProtocolOptions.VERSIONS, settings.versions())
                    .set(ProxyProtocolOptions.MAX_HEADER_SIZE, settings.maxHeaderSize())
                    .set(ProxyProtocolOptions.SSL_TLV_SECURE, settings.sslTlvSecure())
                    .getMap();
            AtomicInteger served = new AtomicInteger();
            HttpHandler whoami = exchange -> {
                served.incrementAndGet();
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                InetSocketAddress remote = exchange.getSourceAddress();
                InetSocketAddress local = exchange.getDestinationAddress();
                exchange.getResponseSender()
                        .send(WhoAmI.format(
                                remote.getAddress().getHostAddress(),
                                remote.getPort(),
                                local.getAddress().getHostAddress(),
                                local.getPort(),
                                exchange.isSecure(),
                                exchange.getRequestScheme(),
                                exchange.getProtocol().toString(),
                                exchange.getAttachment(ProxyProtocolHandler.HEADER),
                                exchange.getAttachment(ProxyProtocolHandler.PEER)));
            };
            List<String> accessLog = new CopyOnWriteArrayList<>();
            HttpHandler handler = new AccessLogHandler(
                    new ProxyProtocolHandler(whoami),
                    accessLog::add,
                    "%a \"%r\" %s",
                    UndertowContractTest.class.getClassLoader());
            Undertow.Builder builder = Undertow.builder()
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                    .setHandler(handler)
                    .addListener(listener(Undertow.ListenerType.HTTP).setOverrideSocketOptions(options))
                    .addListener(listener(Undertow.ListenerType.HTTPS)
                            .setSslContext(TestCertificates.serverContext())
                            .setOverrideSocketOptions(options));
            ProxyProtocolWorker worker =
                    ProxyProtocolUndertow.enable(builder, OptionMap.create(Options.WORKER_IO_THREADS, 2));
            Undertow undertow = builder.build();
            LogCapture log = new LogCapture();
            undertow.start();
            return new UndertowContractServer(undertow, worker, served, accessLog, log);
        }

        private static Undertow.ListenerBuilder listener(Undertow.ListenerType type) {
            return new Undertow.ListenerBuilder()
                    .setType(type)
                    .setHost("127.0.0.1")
                    .setPort(0);
        }

        private int port(String protocol) {
            for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
                if (listener.getProtcol().equals(protocol)) {
                    return ((InetSocketAddress) listener.getAddress()).getPort();
                }
            }
            throw new AssertionError("no " + protocol + " listener");
        }

        @Override
        public int port() {
            return port("http");
        }

        @Override
        public int tlsPort() {
            return port("https");
        }

        @Override
        public ProxyProtocolMetrics metrics() {
            int port = port();
            return worker.gates().stream()
                    .filter(gate -> gate.name().endsWith("-" + port))
                    .findFirst()
                    .orElseThrow()
                    .metrics();
        }

        @Override
        public int requestsServed() {
            return served.get();
        }

        @Override
        public List<String> accessLog() {
            return accessLog;
        }

        @Override
        public List<String> warnings() {
            return log.warnings();
        }

        @Override
        public void close() {
            log.close();
            undertow.stop();
        }
    }
}
