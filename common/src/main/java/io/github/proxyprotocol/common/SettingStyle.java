package io.github.proxyprotocol.common;

import java.util.Locale;

/** How each container spells a {@link Setting}, so that an error names the setting the way the user wrote it. */
public enum SettingStyle {
    /** A Tomcat {@code <Connector>} attribute: {@code proxyProtocolTrustedProxies}. */
    TOMCAT,
    /** A Jetty module property: {@code jetty.proxyProtocol.trustedProxies}. */
    JETTY,
    /** An Undertow option: {@code ProxyProtocolOptions.TRUSTED_PROXIES}. */
    UNDERTOW,
    /** A Spring Boot property: {@code proxy-protocol.trusted-proxies}. */
    SPRING,
    /** A command-line option: {@code --trusted-proxies}. */
    COMMAND_LINE;

    /** The setting's name in this style. */
    public String nameOf(Setting setting) {
        String camel = setting.camelName();
        return switch (this) {
            case TOMCAT -> "proxyProtocol" + Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
            case JETTY -> "jetty.proxyProtocol." + camel;
            case UNDERTOW -> "ProxyProtocolOptions." + setting.name();
            case SPRING -> "proxy-protocol." + setting.kebabName();
            case COMMAND_LINE -> "--" + setting.kebabName();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
