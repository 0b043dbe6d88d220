package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.common.SettingNames;
import java.util.Objects;

/**
 * The settings of a trusted PROXY-protocol connector, kept as the text they were written in (Jetty XML, module
 * properties or code) and checked only by {@link #toConfig()}, so that a bad value fails the server's start naming the
 * module property ({@code jetty.proxyProtocol.headerTimeout}...). A {@code null} value restores the default.
 */
public final class ProxyProtocolSettings {
    /** The settings' names as module properties: {@code jetty.proxyProtocol.trustedProxies}... */
    public static final SettingNames PROPERTIES = setting -> "jetty.proxyProtocol." + setting.camelName();

    private final ProxyProtocolConfig.Builder values = ProxyProtocolConfig.builder(PROPERTIES);
    /** Settings given parsed, from code: fixed. */
    private final ProxyProtocolConfig parsed;

    /** Settings with every default and no trusted proxies yet. */
    public ProxyProtocolSettings() {
        this.parsed = null;
    }

    private ProxyProtocolSettings(ProxyProtocolConfig parsed) {
        this.parsed = Objects.requireNonNull(parsed, "config");
    }

    /** Settings that are {@code config}, already parsed: {@link #toConfig()} returns it as is, and they are fixed. */
    public static ProxyProtocolSettings of(ProxyProtocolConfig config) {
        return new ProxyProtocolSettings(config);
    }

    /** A copy of other settings. */
    public ProxyProtocolSettings(ProxyProtocolSettings other) {
        this.parsed = other.parsed;
        for (Setting setting : Setting.values()) {
            values.set(setting, other.values.get(setting));
        }
    }

    /** CIDRs or addresses of the load balancers allowed to send a header, or {@code *} for any peer. Required. */
    public void setTrustedProxies(String cidrs) {
        set(Setting.TRUSTED_PROXIES, cidrs);
    }

    public String getTrustedProxies() {
        return get(Setting.TRUSTED_PROXIES);
    }

    /** CIDRs or addresses of clients served without a header. Default: none. */
    public void setDirectClients(String cidrs) {
        set(Setting.DIRECT_CLIENTS, cidrs);
    }

    public String getDirectClients() {
        return get(Setting.DIRECT_CLIENTS);
    }

    /** Milliseconds a connection has to deliver its whole header. Default: 5000. */
    public void setHeaderTimeout(String millis) {
        set(Setting.HEADER_TIMEOUT, millis);
    }

    /** Milliseconds a connection has to deliver its whole header. */
    public void setHeaderTimeout(long millis) {
        setHeaderTimeout(Long.toString(millis));
    }

    public String getHeaderTimeout() {
        return get(Setting.HEADER_TIMEOUT);
    }

    /** The accepted versions: {@code v1}, {@code v2} or {@code v1,v2} (the default). */
    public void setVersions(String versions) {
        set(Setting.VERSIONS, versions);
    }

    public String getVersions() {
        return get(Setting.VERSIONS);
    }

    /** The largest header accepted, in bytes. Default: 4096. */
    public void setMaxHeaderSize(String bytes) {
        set(Setting.MAX_HEADER_SIZE, bytes);
    }

    /** The largest header accepted, in bytes. */
    public void setMaxHeaderSize(int bytes) {
        setMaxHeaderSize(Integer.toString(bytes));
    }

    public String getMaxHeaderSize() {
        return get(Setting.MAX_HEADER_SIZE);
    }

    /** Whether an SSL TLV saying the client used TLS marks requests secure (https). Default: true. */
    public void setSslTlvSecure(String secure) {
        set(Setting.SSL_TLV_SECURE, secure);
    }

    /** Whether an SSL TLV saying the client used TLS marks requests secure (https). */
    public void setSslTlvSecure(boolean secure) {
        setSslTlvSecure(Boolean.toString(secure));
    }

    public String getSslTlvSecure() {
        return get(Setting.SSL_TLV_SECURE);
    }

    /**
     * Sets any setting from its text; {@code null} restores the default.
     *
     * @throws IllegalStateException if these settings were given parsed ({@link #of})
     */
    public void set(Setting setting, String value) {
        if (parsed != null) {
            throw new IllegalStateException("these PROXY protocol settings were given as a ProxyProtocolConfig: "
                    + setting.camelName() + " cannot be changed");
        }
        values.set(setting, value);
    }

    /** The text in effect for a setting: the one given, else the default ({@code null} for trusted proxies). */
    public String get(Setting setting) {
        if (parsed != null) {
            return parsed.text(setting);
        }
        String value = values.get(setting);
        return value == null ? setting.defaultValue() : value;
    }

    /**
     * Parses and checks every setting.
     *
     * @throws InvalidSettingException naming the module property that is missing or cannot be used
     */
    public ProxyProtocolConfig toConfig() {
        return parsed != null ? parsed : values.build();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Setting setting : Setting.values()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(setting.camelName()).append('=').append(get(setting));
        }
        return text.toString();
    }
}
