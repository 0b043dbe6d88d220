package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyProtocolConfigTest {

    @Test
    void defaultsFollowTheSettingsTable() {
        ProxyProtocolConfig config = ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                .trustedProxies("10.0.0.0/8")
                .build();
        assertThat(config.headerTimeoutMillis()).isEqualTo(5000);
        assertThat(config.versions()).containsExactlyInAnyOrder(ProtocolVersion.V1, ProtocolVersion.V2);
        assertThat(config.maxHeaderSize()).isEqualTo(4096);
        assertThat(config.sslTlvSecure()).isTrue();
        assertThat(config.directClients().isEmpty()).isTrue();
    }

    @Test
    void parsesEverySetting() {
        ProxyProtocolConfig config = ProxyProtocolConfig.builder(SettingStyle.JETTY)
                .trustedProxies(" 10.0.0.0/8,\n 2001:db8::/32 ")
                .directClients("10.1.0.0/16")
                .set(Setting.HEADER_TIMEOUT, "3000")
                .versions("V2")
                .set(Setting.MAX_HEADER_SIZE, "512")
                .set(Setting.SSL_TLV_SECURE, "FALSE")
                .build();
        assertThat(config.headerTimeoutMillis()).isEqualTo(3000);
        assertThat(config.versions()).isEqualTo(Set.of(ProtocolVersion.V2));
        assertThat(config.maxHeaderSize()).isEqualTo(512);
        assertThat(config.sslTlvSecure()).isFalse();
    }

    @Test
    void enablingWithoutTrustedProxiesFailsNamingTheSetting() {
        for (SettingStyle style : SettingStyle.values()) {
            assertThatThrownBy(() -> ProxyProtocolConfig.builder(style).build())
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith(style.nameOf(Setting.TRUSTED_PROXIES) + " must be set");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HEADER_TIMEOUT|5s|TOMCAT|Invalid value '5s' for proxyProtocolHeaderTimeout: expected a whole number of milliseconds",
                "HEADER_TIMEOUT|0|JETTY|Invalid value '0' for jetty.proxyProtocol.headerTimeout",
                "HEADER_TIMEOUT|-5|SPRING|Invalid value '-5' for proxy-protocol.header-timeout",
                "MAX_HEADER_SIZE|100|UNDERTOW|Invalid value '100' for ProxyProtocolOptions.MAX_HEADER_SIZE: expected a whole number of bytes from 107 to 65551",
                "MAX_HEADER_SIZE|4k|TOMCAT|Invalid value '4k' for proxyProtocolMaxHeaderSize",
                "VERSIONS|v3|TOMCAT|Invalid value 'v3' for proxyProtocolVersions: 'v3' is not a version",
                "VERSIONS|,|JETTY|Invalid value ',' for jetty.proxyProtocol.versions: expected v1, v2 or v1,v2",
                "SSL_TLV_SECURE|yes|SPRING|Invalid value 'yes' for proxy-protocol.ssl-tlv-secure: expected true or false",
                "DIRECT_CLIENTS|10.0.0.300|COMMAND_LINE|Invalid value '10.0.0.300' for --direct-clients: '10.0.0.300' is not",
                "TRUSTED_PROXIES|lb.internal|TOMCAT|Invalid value 'lb.internal' for proxyProtocolTrustedProxies: 'lb.internal' is not"
            })
    void aBadValueNamesTheSettingInTheContainersSpellingAndTheValue(
            Setting setting, String value, SettingStyle style, String message) {
        ProxyProtocolConfig.Builder builder = ProxyProtocolConfig.builder(style).trustedProxies("10.0.0.0/8");
        builder.set(setting, value);
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo(setting);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.settingName()).isEqualTo(style.nameOf(setting));
                })
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "TRUSTED_PROXIES|,|TOMCAT|Invalid value ',' for proxyProtocolTrustedProxies: ',' has separators but no address or CIDR",
                "TRUSTED_PROXIES|' , '|SPRING|Invalid value ' , ' for proxy-protocol.trusted-proxies: ',' has separators",
                "DIRECT_CLIENTS|,|JETTY|Invalid value ',' for jetty.proxyProtocol.directClients: ',' has separators",
                "DIRECT_CLIENTS|' , '|COMMAND_LINE|Invalid value ' , ' for --direct-clients: ',' has separators"
            })
    void aListWithSeparatorsButNoEntryIsRefusedNamingTheSetting(
            Setting setting, String value, SettingStyle style, String message) {
        ProxyProtocolConfig.Builder builder = ProxyProtocolConfig.builder(style).trustedProxies("10.0.0.0/8");
        builder.set(setting, value);
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo(setting);
                    assertThat(e.settingName()).isEqualTo(style.nameOf(setting));
                })
                .hasMessageStartingWith(message);
    }

    @Test
    void anUnsetOrBlankDirectClientsListIsNone() {
        for (String blank : new String[] {null, "", "  ", "\n"}) {
            ProxyProtocolConfig config = ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                    .trustedProxies("10.0.0.0/8")
                    .directClients(blank)
                    .build();
            assertThat(config.directClients().isEmpty()).as("'%s'", blank).isTrue();
        }
    }

    @Test
    void eachSettingsTextParsesToTheSameValue() {
        ProxyProtocolConfig config = ProxyProtocolConfig.builder()
                .trustedProxies("10.0.0.0/8, 2001:db8::/32")
                .directClients("192.0.2.7")
                .headerTimeoutMillis(1234)
                .versions("v2")
                .maxHeaderSize(300)
                .sslTlvSecure(false)
                .build();
        ProxyProtocolConfig.Builder again = ProxyProtocolConfig.builder();
        for (Setting setting : Setting.values()) {
            again.set(setting, config.text(setting));
        }
        assertThat(again.build()).hasToString(config.toString());
        assertThat(config.text(Setting.VERSIONS)).isEqualTo("v2");
        assertThat(config.text(Setting.HEADER_TIMEOUT)).isEqualTo("1234");
    }
}
