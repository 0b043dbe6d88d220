package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings are checked when the server starts: a bad one fails the start, naming the module property; the factory's
 * wiring into connectors; and what some settings do.
 */
class StartupTest {

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(Setting.TRUSTED_PROXIES, "10.0.0.0/33"),
                Arguments.of(Setting.TRUSTED_PROXIES, "balancer.example"),
                Arguments.of(Setting.DIRECT_CLIENTS, "10.0.0.x"),
                Arguments.of(Setting.HEADER_TIMEOUT, "5s"),
                Arguments.of(Setting.HEADER_TIMEOUT, "0"),
                Arguments.of(Setting.VERSIONS, "v3"),
                Arguments.of(Setting.MAX_HEADER_SIZE, "16"),
                Arguments.of(Setting.SSL_TLV_SECURE, "yes"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void aBadSettingFailsTheStartNamingTheProperty(Setting setting, String value) {
        Consumer<TrustedProxyConnectionFactory> bad = factory -> {
            switch (setting) {
                case TRUSTED_PROXIES -> factory.setTrustedProxies(value);
                case DIRECT_CLIENTS -> factory.setDirectClients(value);
                case HEADER_TIMEOUT -> factory.setHeaderTimeout(value);
                case VERSIONS -> factory.setVersions(value);
                case MAX_HEADER_SIZE -> factory.setMaxHeaderSize(value);
                case SSL_TLV_SECURE -> factory.setSslTlvSecure(value);
            }
        };

        assertThatThrownBy(() -> TestServer.start(bad))
                .rootCause()
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("jetty.proxyProtocol." + setting.camelName())
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void aFactoryTakesAParsedConfigAsItIs() throws Exception {
        ProxyProtocolConfig config = ProxyProtocolConfig.builder()
                .trustedProxies("127.0.0.1")
                .versions("v1")
                .build();
        TrustedProxyConnectionFactory factory = new TrustedProxyConnectionFactory(config);
        assertThat(factory.getTrustedProxies()).isEqualTo("127.0.0.1");
        assertThat(factory.getVersions()).isEqualTo("v1");
        assertThatThrownBy(() -> factory.setHeaderTimeout(100))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("given as a ProxyProtocolConfig");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, factory, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new WhoAmIHandler());
        server.start();
        try {
            assertThat(factory.getGate().config()).isSameAs(config);
            assertThat(WhoAmIHandler.parse(RawHttpClient.to(connector.getLocalPort())
                            .prefix(TestHeaders.v1())
                            .get("/")
                            .body()))
                    .containsEntry("remoteAddr", TestHeaders.CLIENT_IP);
        } finally {
            server.stop();
        }
    }

    @Test
    void missingTrustedProxiesFailTheStart() {
        assertThatThrownBy(() -> TestServer.start(factory -> factory.setTrustedProxies(null)))
                .rootCause()
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("jetty.proxyProtocol.trustedProxies must be set");
    }

    @Test
    void aFactoryWithNothingAfterItFailsTheStart() throws Exception {
        Server server = new Server();
        TrustedProxyConnectionFactory alone = new TrustedProxyConnectionFactory();
        alone.setTrustedProxies("127.0.0.1");
        server.addConnector(new ServerConnector(server, alone));
        try {
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("No protocol follows proxy-protocol-trusted");
        } finally {
            server.stop();
        }
    }

    @Test
    void anExplicitNextProtocolIsUsed() throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        TrustedProxyConnectionFactory proxy = new TrustedProxyConnectionFactory("http/1.1");
        proxy.setTrustedProxies("127.0.0.1");
        ServerConnector connector = new ServerConnector(
                server,
                proxy,
                new SslConnectionFactory(new SslContextFactory.Server(), "http/1.1"),
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new WhoAmIHandler());
        server.start();
        try {
            // the SSL factory sits between, yet the clear-text request is served: the named protocol is next
            assertThat(WhoAmIHandler.parse(RawHttpClient.to(connector.getLocalPort())
                            .prefix(TestHeaders.v1())
                            .get("/")
                            .body()))
                    .containsEntry("remoteAddr", TestHeaders.CLIENT_IP);
            assertThat(proxy.getNextProtocol()).isEqualTo("http/1.1");
        } finally {
            server.stop();
        }
    }

    @Test
    void theCustomizerIsAddedOnceToEachHttpConfiguration() {
        try (TestServer server = TestServer.start()) {
            for (ServerConnector connector : server.server().getBeans(ServerConnector.class)) {
                HttpConfiguration config = connector
                        .getConnectionFactory(HttpConnectionFactory.class)
                        .getHttpConfiguration();
                assertThat(config.getCustomizers())
                        .filteredOn(ProxyProtocolCustomizer.class::isInstance)
                        .hasSize(1);
            }
        }
    }

    @Test
    void theModuleHelperPutsAFactoryFirstOnEveryConnector() {
        Server server = new Server();
        ServerConnector http = new ServerConnector(server, new HttpConnectionFactory());
        ServerConnector https = new ServerConnector(
                server,
                new SslConnectionFactory(new SslContextFactory.Server(), "http/1.1"),
                new HttpConnectionFactory());
        server.addConnector(http);
        server.addConnector(https);
        ProxyProtocolSettings settings = new ProxyProtocolSettings();
        settings.setTrustedProxies("10.0.0.0/8");
        settings.setHeaderTimeout("2500");

        assertThat(TrustedProxyConnectors.addFirst(server, settings)).hasSize(2);

        assertThat(http.getProtocols()).containsExactly("proxy-protocol-trusted", "http/1.1");
        assertThat(https.getProtocols()).containsExactly("proxy-protocol-trusted", "ssl", "http/1.1");
        assertThat(http.getDefaultProtocol()).isEqualTo("proxy-protocol-trusted");
        assertThat(https.getConnectionFactory(TrustedProxyConnectionFactory.class)
                        .getHeaderTimeout())
                .isEqualTo("2500");
        assertThat(TrustedProxyConnectors.addFirst(server, settings))
                .as("added once")
                .isEmpty();
    }

    @Test
    void theModuleHelperChecksTheSettingsAtOnce() {
        Server server = new Server();
        server.addConnector(new ServerConnector(server, new HttpConnectionFactory()));
        ProxyProtocolSettings settings = new ProxyProtocolSettings();

        assertThatThrownBy(() -> TrustedProxyConnectors.addFirst(server, settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("jetty.proxyProtocol.trustedProxies");
        settings.setTrustedProxies("10.0.0.0/8");
        settings.setMaxHeaderSize("huge");
        assertThatThrownBy(() -> TrustedProxyConnectors.addFirst(server, settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("jetty.proxyProtocol.maxHeaderSize");
    }

    @Test
    void theModuleHelperRefusesJettysOwnProxyFactoryAndAServerWithoutConnector() {
        ProxyProtocolSettings settings = new ProxyProtocolSettings();
        settings.setTrustedProxies("10.0.0.0/8");
        Server withJettys = new Server();
        withJettys.addConnector(
                new ServerConnector(withJettys, new ProxyConnectionFactory(), new HttpConnectionFactory()));

        assertThatThrownBy(() -> TrustedProxyConnectors.addFirst(withJettys, settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("proxy-protocol");
        assertThatThrownBy(() -> TrustedProxyConnectors.addFirst(new Server(), settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No network connector");
    }
}
