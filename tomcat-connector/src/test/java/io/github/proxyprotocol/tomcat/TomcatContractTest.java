package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.contract.ContractServer;
import io.github.proxyprotocol.testsupport.contract.ContractServerFactory;
import io.github.proxyprotocol.testsupport.contract.ContractSettings;
import io.github.proxyprotocol.testsupport.contract.ProxyProtocolContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.coyote.http2.Http2Protocol;

/**
 * The contract suite on embedded Tomcat (9.0, 10.1 and 11.0, one surefire run each), configured as server.xml would.
 */
class TomcatContractTest extends ProxyProtocolContract {

    @Override
    protected ContractServerFactory factory() {
        return TomcatContractServer::start;
    }

    /** Tomcat with a plain connector (h2c upgrade) and a TLS one (ALPN h2), both this project's protocol. */
    static final class TomcatContractServer implements ContractServer {
        private final Tomcat tomcat;
        private final Connector plain;
        private final Connector tls;
        private final Path accessLog;
        private final AtomicInteger served;
        private final LogCapture log;

        private TomcatContractServer(
                Tomcat tomcat, Connector plain, Connector tls, Path accessLog, AtomicInteger served, LogCapture log) {
            this.tomcat = tomcat;
            this.plain = plain;
            this.tls = tls;
            this.accessLog = accessLog;
            this.served = served;
            this.log = log;
        }

        static ContractServer start(ContractSettings settings) throws IOException, LifecycleException {
            Path baseDir = Files.createTempDirectory("tomcat-contract");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector plain = connector(settings, false);
            Connector tls = connector(settings, true);
            tomcat.getService().addConnector(plain);
            tomcat.getService().addConnector(tls);
            tomcat.setConnector(plain);
            Context context = tomcat.addContext("", null);
            AtomicInteger served = new AtomicInteger();
            Object whoami;
            if (ServletApi.JAVAX) {
                whoami = new JavaxContractWhoAmIServlet(served);
            } else {
                whoami = new ContractWhoAmIServlet(served);
            }
            ServletApi.addServlet(context, "whoami", whoami);
            context.addServletMappingDecoded("/whoami", "whoami");
            AccessLogValve valve = new AccessLogValve();
            valve.setDirectory(baseDir.resolve("logs").toString());
            valve.setPrefix("access");
            valve.setSuffix(".log");
            valve.setFileDateFormat("");
            valve.setRotatable(false);
            valve.setBuffered(false);
            valve.setPattern("%a %r %s");
            tomcat.getHost().getPipeline().addValve(valve);
            LogCapture log = LogCapture.start();
            tomcat.start();
            return new TomcatContractServer(
                    tomcat, plain, tls, baseDir.resolve("logs").resolve("access.log"), served, log);
        }

        private static Connector connector(ContractSettings settings, boolean secure) {
            Connector connector = new Connector(ProxyProtocolHttp11NioProtocol.class.getName());
            connector.setThrowOnFailure(true);
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            settings.asText()
                    .forEach((setting, value) ->
                            connector.setProperty(ProxyProtocolSupport.ATTRIBUTES.nameOf(setting), value));
            connector.addUpgradeProtocol(new Http2Protocol());
            if (secure) {
                TestTls.configure(connector);
            }
            return connector;
        }

        @Override
        public int port() {
            return plain.getLocalPort();
        }

        @Override
        public int tlsPort() {
            return tls.getLocalPort();
        }

        @Override
        public ProxyProtocolMetrics metrics() {
            return ((ProxyProtocolHttp11NioProtocol) plain.getProtocolHandler())
                    .getProxyProtocolGate()
                    .metrics();
        }

        @Override
        public int requestsServed() {
            return served.get();
        }

        @Override
        public List<String> accessLog() {
            try {
                return Files.exists(accessLog) ? Files.readAllLines(accessLog, StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<String> warnings() {
            return log.warnings();
        }

        @Override
        public void close() {
            log.close();
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
