package io.github.proxyprotocol.common;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The settings every integration takes, with their defaults as text. Each integration spells them its own way (see
 * {@link SettingNames}).
 */
public enum Setting {
    /** CIDRs of the balancers allowed to send a header; {@code *} for any peer. No default: must be set. */
    TRUSTED_PROXIES("trustedProxies", null),
    /** CIDRs of clients allowed to connect without a header. */
    DIRECT_CLIENTS("directClients", ""),
    /** Milliseconds a connection has to deliver its whole header. */
    HEADER_TIMEOUT("headerTimeout", "5000"),
    /** The accepted versions: {@code v1}, {@code v2} or both. */
    VERSIONS("versions", "v1,v2"),
    /** The largest header accepted, in bytes. */
    MAX_HEADER_SIZE("maxHeaderSize", "4096"),
    /** Whether an SSL TLV saying the client used TLS marks requests secure (https). */
    SSL_TLV_SECURE("sslTlvSecure", "true");

    private final String camelName;
    private final @Nullable String defaultValue;

    Setting(String camelName, @Nullable String defaultValue) {
        this.camelName = camelName;
        this.defaultValue = defaultValue;
    }

    /** The name in lower camel case, e.g. {@code trustedProxies}. */
    public String camelName() {
        return camelName;
    }

    /** The name in kebab case, e.g. {@code trusted-proxies}. */
    public String kebabName() {
        return camelName.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** The default as text, or {@code null} where the setting must be given. */
    public @Nullable String defaultValue() {
        return defaultValue;
    }
}
