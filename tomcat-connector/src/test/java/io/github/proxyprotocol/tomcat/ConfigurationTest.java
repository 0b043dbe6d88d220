package io.github.proxyprotocol.tomcat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.management.ObjectName;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.RemoteIpValve;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connector attributes, start-up failures, JMX, and composition with Tomcat's own valves. */
class ConfigurationTest {

    @Test
    void runsOnTheExpectedTomcat() {
        String expected = System.getProperty("tomcat.expectedVersion");
        assertThat(expected).as("system property tomcat.expectedVersion").isNotBlank();
        assertThat(ServerInfo.getServerNumber()).startsWith(expected);
    }

    @Test
    void connectorByClassNameUsesTheProtocol() {
        Connector connector = new Connector(ProxyProtocolHttp11NioProtocol.class.getName());
        assertThat(connector.getProtocolHandler()).isInstanceOf(ProxyProtocolHttp11NioProtocol.class);
        assertThat(connector.setProperty("proxyProtocolTrustedProxies", "10.0.0.0/8"))
                .isTrue();
        assertThat(connector.getProperty("proxyProtocolTrustedProxies")).isEqualTo("10.0.0.0/8");
    }

    @Test
    void everyAttributeIsAConnectorProperty() throws Exception {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", "127.0.0.1/32, ::1/128")
                .attribute("proxyProtocolDirectClients", "192.0.2.0/24")
                .attribute("proxyProtocolHeaderTimeout", "2500")
                .attribute("proxyProtocolVersions", "v2")
                .attribute("proxyProtocolMaxHeaderSize", "1024")
                .attribute("proxyProtocolSslTlvSecure", "false")
                .start()) {
            ProxyProtocolConfig config =
                    tomcat.protocol().getProxyProtocolGate().config();
            assertThat(config.trustedProxies().contains(InetAddress.getByName("::1")))
                    .isTrue();
            assertThat(config.directClients().contains(InetAddress.getByName("192.0.2.9")))
                    .isTrue();
            assertThat(config.headerTimeoutMillis()).isEqualTo(2500);
            assertThat(config.versions()).isEqualTo(Set.of(ProtocolVersion.V2));
            assertThat(config.maxHeaderSize()).isEqualTo(1024);
            assertThat(config.sslTlvSecure()).isFalse();
            assertThat(tomcat.connector().getProperty("proxyProtocolHeaderTimeout"))
                    .isEqualTo("2500");

            // With proxyProtocolSslTlvSecure=false, an SSL TLV does not make the request secure.
            byte[] header =
                    TestHeaders.encode(TestHeaders.v2Builder().ssl(new SslTlv(SslTlv.CLIENT_SSL, 0, List.of())));
            Json json = Json.of(RawHttpClient.to(tomcat.port()).prefix(header).get("/whoami"));
            assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(json.getBoolean("secure")).isFalse();
            assertThat(json.getString("scheme")).isEqualTo("http");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "proxyProtocolTrustedProxies | 10.0.0.0/33",
                "proxyProtocolDirectClients  | not-an-address",
                "proxyProtocolHeaderTimeout  | 5s",
                "proxyProtocolHeaderTimeout  | 0",
                "proxyProtocolVersions       | v3",
                "proxyProtocolMaxHeaderSize  | 12",
                "proxyProtocolSslTlvSecure   | yes"
            })
    void badValueFailsTheConnectorsStartUp(String attribute, String value) {
        assertConnectorFailsNaming(
                TestTomcat.builder().attribute(attribute, value),
                "Invalid value '" + value + "' for " + attribute + ":");
    }

    @Test
    void missingTrustedProxiesFailsTheConnectorsStartUp() {
        assertConnectorFailsNaming(
                TestTomcat.builder().attribute("proxyProtocolTrustedProxies", null),
                "proxyProtocolTrustedProxies must be set");
    }

    private static void assertConnectorFailsNaming(TestTomcat.Builder builder, String text) {
        try (LogCapture log = LogCapture.start("org.apache.catalina");
                TestTomcat tomcat = builder.startEvenIfConnectorFails()) {
            assertThat(tomcat.connector().getStateName()).isEqualTo("FAILED");
            assertThat(tomcat.connector().getLocalPort()).as("listening port").isEqualTo(-1);
            assertThat(log.warningsContaining(text))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("InvalidSettingException");
        }
    }

    @Test
    void embeddedTomcatTakesAParsedConfig() {
        ProxyProtocolConfig config = ProxyProtocolConfig.builder()
                .trustedProxies("127.0.0.1/32")
                .headerTimeoutMillis(2000)
                .build();
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", null)
                .config(config)
                .start()) {
            assertThat(tomcat.protocol().getProxyProtocolGate().config()).isSameAs(config);
            assertThat(Json.of(RawHttpClient.to(tomcat.port())
                                    .prefix(TestHeaders.v1())
                                    .get("/whoami"))
                            .getString("remoteAddr"))
                    .isEqualTo(TestHeaders.CLIENT_IP);
        }
    }

    @Test
    void aParsedConfigAndAttributesTogetherFailTheConnectorsStartUp() {
        ProxyProtocolConfig config =
                ProxyProtocolConfig.builder().trustedProxies("127.0.0.1/32").build();
        assertThatThrownBy(() ->
                        TestTomcat.builder().config(config).throwOnFailure().startOrThrow())
                .isInstanceOf(LifecycleException.class)
                .rootCause()
                .hasMessageContaining("either proxyProtocol* attributes or a ProxyProtocolConfig");
    }

    @Test
    void connectorThatThrowsOnFailureFailsTomcatsStart() {
        TestTomcat.Builder builder =
                TestTomcat.builder().attribute("proxyProtocolVersions", "v3").throwOnFailure();
        assertThatThrownBy(builder::startOrThrow)
                .isInstanceOf(LifecycleException.class)
                .rootCause()
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("proxyProtocolVersions");
    }

    @Test
    void trustingEveryPeerWarnsAtStartUp() {
        try (LogCapture log = LogCapture.start();
                TestTomcat tomcat = TestTomcat.builder()
                        .attribute("proxyProtocolTrustedProxies", "*")
                        .start()) {
            assertThat(log.warningsContaining(tomcat.name()))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("trusts every peer");
        }
    }

    @Test
    void metricsAreInJmxBesideTheConnectorsMBeans() throws Exception {
        ObjectName metrics;
        try (TestTomcat tomcat = TestTomcat.start()) {
            metrics = tomcat.objectName("ProxyProtocol");
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(metrics))
                    .isTrue();
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(tomcat.objectName("ThreadPool")))
                    .isTrue();
            Json.of(RawHttpClient.to(tomcat.port()).prefix(TestHeaders.v1()).get("/whoami"));
            RawHttpClient.to(tomcat.port()).assertClosedWithoutResponse();
            assertThat(tomcat.jmx("ProxyProtocol", "AcceptedV1Headers")).isEqualTo(1L);
            Await.until(
                    Duration.ofSeconds(5),
                    "rejection in JMX",
                    () -> Long.valueOf(1).equals(tomcat.jmx("ProxyProtocol", "RejectedConnections")));
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(metrics))
                .as("unregistered when the connector is destroyed")
                .isFalse();
    }

    @Test
    void connectorRestartsCleanly() throws Exception {
        try (TestTomcat tomcat = TestTomcat.start()) {
            Json.of(RawHttpClient.to(tomcat.port()).prefix(TestHeaders.v1()).get("/whoami"));
            tomcat.connector().stop();
            tomcat.connector().start();
            assertThat(Json.of(RawHttpClient.to(tomcat.port())
                                    .prefix(TestHeaders.v2())
                                    .get("/whoami"))
                            .getString("remoteAddr"))
                    .isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(tomcat.metrics().getAcceptedV1Headers()).isEqualTo(1);
            assertThat(tomcat.metrics().getAcceptedV2Headers()).isEqualTo(1);
        }
    }

    @Test
    void remoteIpValveComposesOnTheHeadersClient() {
        RemoteIpValve remoteIp = new RemoteIpValve();
        remoteIp.setInternalProxies("203\\.0\\.113\\.7");
        try (TestTomcat tomcat = TestTomcat.builder().valve(remoteIp).start();
                HeaderInjectingRelay relay =
                        HeaderInjectingRelay.start(tomcat.port(), (client, relayAddress) -> TestHeaders.v1())) {
            given().port(relay.port())
                    .header("X-Forwarded-For", "198.51.100.9")
                    .header("X-Forwarded-Proto", "https")
                    .when()
                    .get("/whoami")
                    .then()
                    .statusCode(200)
                    .body("remoteAddr", equalTo("198.51.100.9"))
                    .body("secure", equalTo(true))
                    .body("peer", startsWith("/127.0.0.1:"))
                    .body("proxy.version", equalTo(1));
            // Without X-Forwarded-For, the header's client stays.
            given().port(relay.port())
                    .when()
                    .get("/whoami")
                    .then()
                    .statusCode(200)
                    .body("remoteAddr", equalTo(TestHeaders.CLIENT_IP));
        }
    }
}
