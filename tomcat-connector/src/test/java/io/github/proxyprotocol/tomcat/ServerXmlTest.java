package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestHeaders;
import io.github.proxyprotocol.testsupport.contract.WhoAmI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Server;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Catalina;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.digester.Digester;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tomcat started the way {@code catalina.sh} starts it: Catalina's digester reads a {@code conf/server.xml} whose
 * {@code <Connector>} names this protocol and its attributes, with an access log valve. The web application is added
 * in code, since only the connector is under test. This is how the 9.0 line's server.xml support is tested (its
 * distribution archive is not at hand); it runs on 10.1 and 11.0 as well.
 */
class ServerXmlTest {
    @TempDir
    static Path base;

    private static Server server;
    private static Connector connector;
    private static final AtomicInteger served = new AtomicInteger();

    @BeforeAll
    static void startFromServerXml() throws Exception {
        Path conf = Files.createDirectories(base.resolve("conf"));
        Files.createDirectories(base.resolve("webapps"));
        Path serverXml = conf.resolve("server.xml");
        Files.writeString(
                serverXml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector port="0" address="127.0.0.1"
                               protocol="io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol"
                               proxyProtocolTrustedProxies="127.0.0.1/32"
                               proxyProtocolHeaderTimeout="3000"
                               throwOnFailure="true">
                      <UpgradeProtocol className="org.apache.coyote.http2.Http2Protocol" />
                    </Connector>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="%s" autoDeploy="false" deployOnStartup="false">
                        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="%s"
                               prefix="access" suffix=".log" fileDateFormat="" rotatable="false" buffered="false"
                               pattern="%%a %%r %%s" />
                      </Host>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(base.resolve("webapps"), base.resolve("logs")), StandardCharsets.UTF_8);
        server = new ServerXmlCatalina().parse(serverXml);
        server.setCatalinaHome(base.toFile());
        server.setCatalinaBase(base.toFile());
        Service service = server.findService("Catalina");
        connector = service.findConnectors()[0];
        addWhoAmI((Host) service.getContainer().findChild("localhost"));
        server.init();
        server.start();
        assertThat(connector.getStateName()).as("connector state").isEqualTo("STARTED");
    }

    /**
     * {@link Catalina}'s start-up digester (the rules {@code catalina.sh start} reads {@code server.xml} with) on a
     * given file. {@code Catalina.load()} would look for the file under the {@code catalina.base} its
     * {@code Bootstrap} fixed once per JVM, which other tests' Tomcats may have set first.
     */
    private static final class ServerXmlCatalina extends Catalina {
        Server parse(Path serverXml) throws Exception {
            Digester digester = createStartDigester();
            digester.push(this);
            digester.parse(serverXml.toFile());
            getServer().setCatalina(this);
            return getServer();
        }
    }

    /** The contract's {@code /whoami}, at the root, as {@code Tomcat.addContext} would add it. */
    private static void addWhoAmI(Host host) {
        StandardContext context = new StandardContext();
        context.setName("");
        context.setPath("");
        context.addLifecycleListener(new Tomcat.FixContextListener());
        host.addChild(context);
        Object whoami;
        if (ServletApi.JAVAX) {
            whoami = new JavaxContractWhoAmIServlet(served);
        } else {
            whoami = new ContractWhoAmIServlet(served);
        }
        ServletApi.addServlet(context, "whoami", whoami);
        context.addServletMappingDecoded("/whoami", "whoami");
    }

    @AfterAll
    static void stop() throws LifecycleException {
        if (server != null) {
            server.stop();
            server.destroy();
        }
    }

    @Test
    void runsOnTheExpectedTomcat() {
        String expected = System.getProperty("tomcat.expectedVersion");
        assertThat(expected).as("system property tomcat.expectedVersion").isNotBlank();
        assertThat(ServerInfo.getServerNumber()).startsWith(expected);
    }

    @Test
    void theConnectorIsThisProtocolWithTheAttributesOfServerXml() {
        ProxyProtocolHttp11NioProtocol protocol = (ProxyProtocolHttp11NioProtocol) connector.getProtocolHandler();
        assertThat(protocol.getProxyProtocolTrustedProxies()).isEqualTo("127.0.0.1/32");
        assertThat(protocol.getProxyProtocolGate().config().headerTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theServletAndTheAccessLogSeeTheHeadersClient() {
        RawHttpResponse response = RawHttpClient.to(connector.getLocalPort())
                .prefix(TestHeaders.v2WithTlvs())
                .get("/whoami?server-xml-v2");

        assertThat(response.status()).isEqualTo(200);
        WhoAmI whoami = WhoAmI.parse(response.body());
        assertThat(whoami.remoteAddr()).isEqualTo(TestHeaders.CLIENT_IP);
        assertThat(whoami.remotePort()).isEqualTo(TestHeaders.CLIENT_PORT);
        assertThat(whoami.localAddr()).isEqualTo(TestHeaders.DESTINATION_IP);
        assertThat(whoami.hasHeader()).as("the header's request attribute").isTrue();
        assertThat(whoami.secure()).as("the SSL TLV makes the request secure").isTrue();
        assertThat(whoami.scheme()).isEqualTo("https");
        assertThat(awaitAccessLog("server-xml-v2")).startsWith(TestHeaders.CLIENT_IP + " ");
    }

    @Test
    void aV1HeaderToo() {
        RawHttpResponse response = RawHttpClient.to(connector.getLocalPort())
                .prefix(TestHeaders.v1())
                .get("/whoami?server-xml-v1");

        WhoAmI whoami = WhoAmI.parse(response.body());
        assertThat(whoami.remoteAddr()).isEqualTo(TestHeaders.CLIENT_IP);
        assertThat(whoami.secure()).isFalse();
        assertThat(awaitAccessLog("server-xml-v1")).startsWith(TestHeaders.CLIENT_IP + " ");
    }

    @Test
    void aPeerOutsideTheTrustedProxiesIsClosedUnserved() {
        int before = served.get();

        RawHttpClient.to(connector.getLocalPort())
                .from("127.0.0.2")
                .prefix(TestHeaders.v1())
                .assertClosedWithoutResponse();

        assertThat(served.get()).isEqualTo(before);
    }

    private static String awaitAccessLog(String marker) {
        Path log = base.resolve("logs").resolve("access.log");
        return Await.value(
                Duration.ofSeconds(10),
                () -> "an access log line for " + marker,
                () -> lines(log).stream()
                        .filter(line -> line.contains(marker))
                        .findFirst()
                        .orElse(null));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
