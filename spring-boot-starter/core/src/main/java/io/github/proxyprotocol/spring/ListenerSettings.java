package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProxyHeaderDecoder;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.common.SettingNames;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * The settings every PROXY-protocol listener of the embedded web server gets, checked when the application starts:
 * a missing or bad {@code proxy-protocol.*} property fails with an {@link InvalidSettingException} naming it. They
 * are parsed once, here; the container adapters hand the parsed {@link ProxyProtocolConfig} on.
 */
public final class ListenerSettings {
    /** The settings' names as Spring Boot properties: {@code proxy-protocol.trusted-proxies}... */
    static final SettingNames PROPERTIES = setting -> "proxy-protocol." + setting.kebabName();

    private static final Duration MAX_HEADER_TIMEOUT = Duration.ofMillis(ProxyProtocolConfig.MAX_HEADER_TIMEOUT_MILLIS);

    private final ProxyProtocolConfig config;

    private ListenerSettings(ProxyProtocolConfig config) {
        this.config = config;
    }

    /**
     * Checks the properties.
     *
     * @throws InvalidSettingException naming the first {@code proxy-protocol.*} property that is missing or wrong
     */
    public static ListenerSettings from(ProxyProtocolProperties properties) {
        Map<Setting, String> text = new EnumMap<>(Setting.class);
        text.put(Setting.TRUSTED_PROXIES, list(properties.getTrustedProxies()));
        text.put(Setting.DIRECT_CLIENTS, list(properties.getDirectClients()));
        text.put(Setting.HEADER_TIMEOUT, headerTimeoutMillis(properties.getHeaderTimeout()));
        text.put(Setting.VERSIONS, list(properties.getVersions()));
        text.put(Setting.MAX_HEADER_SIZE, maxHeaderSizeBytes(properties.getMaxHeaderSize()));
        text.put(Setting.SSL_TLV_SECURE, Boolean.toString(properties.isSslTlvSecure()));
        ProxyProtocolConfig.Builder builder = ProxyProtocolConfig.builder(PROPERTIES);
        text.forEach(builder::set);
        return new ListenerSettings(builder.build());
    }

    /** A setting as text, e.g. {@code 5000} for the header timeout. */
    public String text(Setting setting) {
        return config.text(setting);
    }

    /** The parsed settings. */
    public ProxyProtocolConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return config.toString();
    }

    private static String list(List<String> values) {
        return values == null ? "" : String.join(",", values);
    }

    private static String headerTimeoutMillis(Duration timeout) {
        if (timeout == null) {
            return null;
        }
        boolean wholeMillis = timeout.getNano() % 1_000_000 == 0;
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_HEADER_TIMEOUT) > 0 || !wholeMillis) {
            throw invalid(Setting.HEADER_TIMEOUT, describe(timeout), "expected a duration from 1ms to 1h, such as 5s");
        }
        return Long.toString(timeout.toMillis());
    }

    private static String maxHeaderSizeBytes(DataSize size) {
        if (size == null) {
            return null;
        }
        long bytes = size.toBytes();
        if (bytes < ProxyHeaderDecoder.MIN_MAX_HEADER_SIZE || bytes > ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE) {
            throw invalid(
                    Setting.MAX_HEADER_SIZE,
                    size.toString(),
                    "expected a size from " + ProxyHeaderDecoder.MIN_MAX_HEADER_SIZE + "B to "
                            + ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE + "B");
        }
        return Long.toString(bytes);
    }

    private static InvalidSettingException invalid(Setting setting, String value, String problem) {
        return new InvalidSettingException(setting, PROPERTIES.nameOf(setting), value, problem);
    }

    /** A duration the way it is written in properties ({@code 5s}, {@code 1500ms}, {@code 2h}), else ISO-8601. */
    private static String describe(Duration duration) {
        if (duration.getNano() % 1_000_000 != 0 || Math.abs(duration.getSeconds()) > Integer.MAX_VALUE) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
