package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.common.SettingNames;
import java.util.EnumMap;
import java.util.Map;
import org.xnio.Option;
import org.xnio.OptionMap;

/**
 * The XNIO options that make an Undertow listener read a PROXY protocol header, set the Undertow way: on one listener
 * with {@code Undertow.ListenerBuilder.setOverrideSocketOptions(OptionMap)}, or on every listener with {@code
 * Undertow.Builder.setSocketOption(...)}. A listener with any of them set (and {@link ProxyProtocolUndertow#enable}
 * called on its builder) is a PROXY-protocol listener; {@link #TRUSTED_PROXIES} must then be set. From code, {@link
 * #CONFIG} carries the settings already parsed instead.
 */
public final class ProxyProtocolOptions {
    /** CIDRs (or single addresses) of the balancers allowed to send a header, separated by commas; {@code *} = any. */
    public static final Option<String> TRUSTED_PROXIES =
            Option.simple(ProxyProtocolOptions.class, "TRUSTED_PROXIES", String.class);

    /** CIDRs of the clients allowed to connect without a header. Default: none. */
    public static final Option<String> DIRECT_CLIENTS =
            Option.simple(ProxyProtocolOptions.class, "DIRECT_CLIENTS", String.class);

    /** Milliseconds a connection has to deliver its whole header. Default 5000. */
    public static final Option<Integer> HEADER_TIMEOUT =
            Option.simple(ProxyProtocolOptions.class, "HEADER_TIMEOUT", Integer.class);

    /** The accepted versions: {@code v1}, {@code v2} or {@code v1,v2} (the default). */
    public static final Option<String> VERSIONS = Option.simple(ProxyProtocolOptions.class, "VERSIONS", String.class);

    /** The largest header accepted, in bytes. Default 4096. */
    public static final Option<Integer> MAX_HEADER_SIZE =
            Option.simple(ProxyProtocolOptions.class, "MAX_HEADER_SIZE", Integer.class);

    /** Whether an SSL TLV saying the client used TLS marks requests secure (https). Default true. */
    public static final Option<Boolean> SSL_TLV_SECURE =
            Option.simple(ProxyProtocolOptions.class, "SSL_TLV_SECURE", Boolean.class);

    /**
     * All the settings at once, already parsed ({@code ProxyProtocolConfig.builder()...build()}), instead of the
     * options above (giving both fails start-up).
     */
    public static final Option<ProxyProtocolConfig> CONFIG =
            Option.simple(ProxyProtocolOptions.class, "CONFIG", ProxyProtocolConfig.class);

    /** The settings' names as options, in error messages: {@code ProxyProtocolOptions.TRUSTED_PROXIES}... */
    static final SettingNames NAMES = setting -> "ProxyProtocolOptions." + setting.name();

    private static final Map<Setting, Option<?>> OPTIONS = new EnumMap<>(Setting.class);

    static {
        OPTIONS.put(Setting.TRUSTED_PROXIES, TRUSTED_PROXIES);
        OPTIONS.put(Setting.DIRECT_CLIENTS, DIRECT_CLIENTS);
        OPTIONS.put(Setting.HEADER_TIMEOUT, HEADER_TIMEOUT);
        OPTIONS.put(Setting.VERSIONS, VERSIONS);
        OPTIONS.put(Setting.MAX_HEADER_SIZE, MAX_HEADER_SIZE);
        OPTIONS.put(Setting.SSL_TLV_SECURE, SSL_TLV_SECURE);
    }

    private ProxyProtocolOptions() {}

    /** Whether any PROXY-protocol option is set: the listener then reads a header. */
    static boolean anySet(OptionMap options) {
        return options.contains(CONFIG) || OPTIONS.values().stream().anyMatch(options::contains);
    }

    /**
     * The listener's settings.
     *
     * @throws InvalidSettingException naming the option that is missing or cannot be used
     */
    static ProxyProtocolConfig config(OptionMap options) {
        ProxyProtocolConfig parsed = options.get(CONFIG);
        if (parsed != null) {
            OPTIONS.values().stream().filter(options::contains).findFirst().ifPresent(option -> {
                throw new IllegalArgumentException("ProxyProtocolOptions.CONFIG and ProxyProtocolOptions."
                        + option.getName() + " on one listener: give the settings one way");
            });
            return parsed;
        }
        ProxyProtocolConfig.Builder config = ProxyProtocolConfig.builder(NAMES);
        OPTIONS.forEach((setting, option) -> {
            Object value = options.get(option);
            if (value != null) {
                config.set(setting, value.toString());
            }
        });
        return config.build();
    }
}
