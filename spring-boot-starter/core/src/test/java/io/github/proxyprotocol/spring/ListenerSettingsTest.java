package io.github.proxyprotocol.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ListenerSettingsTest {

    @Test
    void defaultsNeedOnlyTheTrustedProxies() {
        ListenerSettings settings = settings("proxy-protocol.trusted-proxies", "10.0.0.0/8");

        ProxyProtocolConfig config = settings.config();
        assertThat(config.trustedProxies().contains(new InetSocketAddress("10.1.2.3", 1)))
                .isTrue();
        assertThat(config.directClients().isEmpty()).isTrue();
        assertThat(config.headerTimeoutMillis()).isEqualTo(5000);
        assertThat(config.versions()).isEqualTo(Set.of(ProtocolVersion.V1, ProtocolVersion.V2));
        assertThat(config.maxHeaderSize()).isEqualTo(4096);
        assertThat(config.sslTlvSecure()).isTrue();
        assertThat(settings.text(Setting.HEADER_TIMEOUT)).isEqualTo("5000");
        assertThat(settings.text(Setting.MAX_HEADER_SIZE)).isEqualTo("4096");
    }

    @Test
    void bootStyleValuesBecomeTheContainersText() {
        ListenerSettings settings = settings(
                "proxy-protocol.trusted-proxies", "10.0.0.0/8, 192.168.1.1",
                "proxy-protocol.direct-clients[0]", "172.16.0.0/12",
                "proxy-protocol.header-timeout", "1500ms",
                "proxy-protocol.versions", "v2",
                "proxy-protocol.max-header-size", "8KB",
                "proxy-protocol.ssl-tlv-secure", "false");

        assertThat(settings.text(Setting.TRUSTED_PROXIES)).isEqualTo("10.0.0.0/8,192.168.1.1");
        assertThat(settings.text(Setting.DIRECT_CLIENTS)).isEqualTo("172.16.0.0/12");
        assertThat(settings.text(Setting.HEADER_TIMEOUT)).isEqualTo("1500");
        assertThat(settings.text(Setting.VERSIONS)).isEqualTo("v2");
        assertThat(settings.text(Setting.MAX_HEADER_SIZE)).isEqualTo("8192");
        assertThat(settings.text(Setting.SSL_TLV_SECURE)).isEqualTo("false");
        ProxyProtocolConfig config = settings.config();
        assertThat(config.trustedProxies().contains(new InetSocketAddress("192.168.1.1", 1)))
                .isTrue();
        assertThat(config.directClients().contains(new InetSocketAddress("172.16.5.5", 1)))
                .isTrue();
        assertThat(config.headerTimeoutMillis()).isEqualTo(1500);
        assertThat(config.versions()).containsExactly(ProtocolVersion.V2);
        assertThat(config.maxHeaderSize()).isEqualTo(8192);
        assertThat(config.sslTlvSecure()).isFalse();
    }

    @Test
    void missingTrustedProxiesNameTheProperty() {
        assertThatThrownBy(() -> settings("proxy-protocol.enabled", "true"))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.settingName()).isEqualTo("proxy-protocol.trusted-proxies");
                    assertThat(e.value()).isNull();
                })
                .hasMessageStartingWith("proxy-protocol.trusted-proxies must be set: ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "proxy-protocol.trusted-proxies | lb.internal | 'lb.internal' for proxy-protocol.trusted-proxies",
                "proxy-protocol.direct-clients  | 10.0.0.0/33 | '10.0.0.0/33' for proxy-protocol.direct-clients",
                "proxy-protocol.versions        | v3          | 'v3' for proxy-protocol.versions",
                "proxy-protocol.header-timeout  | 0s          | '0s' for proxy-protocol.header-timeout",
                "proxy-protocol.header-timeout  | -5s         | '-5s' for proxy-protocol.header-timeout",
                "proxy-protocol.header-timeout  | 2h          | '2h' for proxy-protocol.header-timeout",
                "proxy-protocol.header-timeout  | 500us       | 'PT0.0005S' for proxy-protocol.header-timeout",
                "proxy-protocol.max-header-size | 1MB         | '1048576B' for proxy-protocol.max-header-size",
                "proxy-protocol.max-header-size | 100B        | '100B' for proxy-protocol.max-header-size"
            })
    void aBadValueNamesThePropertyAndTheValue(String property, String value, String message) {
        assertThatThrownBy(() -> settings("proxy-protocol.trusted-proxies", "10.0.0.0/8", property, value))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.settingName()).isEqualTo(property))
                .hasMessageStartingWith("Invalid value " + message + ": ");
    }

    @Test
    void theLongestHeaderTimeoutIsOneHour() {
        ListenerSettings settings =
                settings("proxy-protocol.trusted-proxies", "*", "proxy-protocol.header-timeout", "1h");

        assertThat(settings.config().headerTimeoutMillis()).isEqualTo(3_600_000);
    }

    /** Binds the properties the way Spring Boot does, then checks them. */
    private static ListenerSettings settings(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        ProxyProtocolProperties properties = new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("proxy-protocol", ProxyProtocolProperties.class);
        return ListenerSettings.from(properties);
    }
}
