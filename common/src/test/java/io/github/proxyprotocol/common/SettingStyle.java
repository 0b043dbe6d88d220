package io.github.proxyprotocol.common;

/** Spellings of the settings like those of the integrations, for tests of how errors name a setting. */
enum SettingStyle implements SettingNames {
    TOMCAT,
    JETTY,
    UNDERTOW,
    SPRING,
    COMMAND_LINE;

    @Override
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
}
