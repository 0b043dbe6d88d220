package io.github.proxyprotocol.common;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one PROXY-protocol listener, parsed and checked once: every integration takes one, and keeps it
 * for the listener's life. In code, build it with {@link #builder()}; where a container hands over text (server.xml
 * attributes, Jetty module properties, Spring Boot properties), the integration builds it with {@link
 * #builder(SettingNames)}, so that a bad value fails with an {@link InvalidSettingException} naming the setting the
 * way the user wrote it.
 */
public final class ProxyProtocolConfig {
    /** The longest header timeout accepted: one hour. */
    public static final long MAX_HEADER_TIMEOUT_MILLIS = 3_600_000;

    private final CidrSet trustedProxies;
    private final CidrSet directClients;
    private final long headerTimeoutMillis;
    private final Set<ProtocolVersion> versions;
    private final int maxHeaderSize;
    private final boolean sslTlvSecure;

    private ProxyProtocolConfig(
            CidrSet trustedProxies,
            CidrSet directClients,
            long headerTimeoutMillis,
            Set<ProtocolVersion> versions,
            int maxHeaderSize,
            boolean sslTlvSecure) {
        this.trustedProxies = trustedProxies;
        this.directClients = directClients;
        this.headerTimeoutMillis = headerTimeoutMillis;
        this.versions = versions;
        this.maxHeaderSize = maxHeaderSize;
        this.sslTlvSecure = sslTlvSecure;
    }

    /** A builder for code: its errors name settings as {@link Setting#camelName()} does. */
    public static Builder builder() {
        return new Builder(SettingNames.camelCase());
    }

    /** A builder whose errors name settings as {@code names} spells them. */
    public static Builder builder(SettingNames names) {
        return new Builder(names);
    }

    public CidrSet trustedProxies() {
        return trustedProxies;
    }

    public CidrSet directClients() {
        return directClients;
    }

    public long headerTimeoutMillis() {
        return headerTimeoutMillis;
    }

    public Duration headerTimeout() {
        return Duration.ofMillis(headerTimeoutMillis);
    }

    public Set<ProtocolVersion> versions() {
        return versions;
    }

    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    public boolean sslTlvSecure() {
        return sslTlvSecure;
    }

    /** What a connection from this peer may send: the "who may send a header" table. */
    public PeerMode modeFor(SocketAddress peer) {
        return PeerMode.of(trustedProxies.contains(peer), directClients.contains(peer));
    }

    /** A new decoder with this listener's versions and maximum header size. */
    public ProxyHeaderDecoder newDecoder() {
        return new ProxyHeaderDecoder(maxHeaderSize, versions);
    }

    /** A setting's value as text that would parse to it again: for getters and JMX attributes. */
    public String text(Setting setting) {
        return switch (setting) {
            case TRUSTED_PROXIES -> trustedProxies.toString();
            case DIRECT_CLIENTS -> directClients.toString();
            case HEADER_TIMEOUT -> Long.toString(headerTimeoutMillis);
            case VERSIONS ->
                versions.stream()
                        .map(version -> version.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(","));
            case MAX_HEADER_SIZE -> Integer.toString(maxHeaderSize);
            case SSL_TLV_SECURE -> Boolean.toString(sslTlvSecure);
        };
    }

    @Override
    public String toString() {
        return "trustedProxies=" + trustedProxies + ", directClients=" + directClients + ", headerTimeout="
                + headerTimeoutMillis + "ms, versions=" + versions + ", maxHeaderSize=" + maxHeaderSize
                + ", sslTlvSecure=" + sslTlvSecure;
    }

    /** Collects settings as text; {@link #build()} parses and checks them all. */
    public static final class Builder {
        private final SettingNames names;
        private final Map<Setting, String> values = new EnumMap<>(Setting.class);

        private Builder(SettingNames names) {
            this.names = Objects.requireNonNull(names, "names");
        }

        /** Sets a setting from its text; {@code null} restores the default. */
        public Builder set(Setting setting, @Nullable String value) {
            if (value == null) {
                values.remove(setting);
            } else {
                values.put(setting, value);
            }
            return this;
        }

        public Builder trustedProxies(String cidrs) {
            return set(Setting.TRUSTED_PROXIES, cidrs);
        }

        public Builder directClients(String cidrs) {
            return set(Setting.DIRECT_CLIENTS, cidrs);
        }

        public Builder headerTimeoutMillis(long millis) {
            return set(Setting.HEADER_TIMEOUT, Long.toString(millis));
        }

        public Builder versions(String versions) {
            return set(Setting.VERSIONS, versions);
        }

        public Builder maxHeaderSize(int bytes) {
            return set(Setting.MAX_HEADER_SIZE, Integer.toString(bytes));
        }

        public Builder sslTlvSecure(boolean secure) {
            return set(Setting.SSL_TLV_SECURE, Boolean.toString(secure));
        }

        /** The text given for a setting, or {@code null}. */
        public @Nullable String get(Setting setting) {
            return values.get(setting);
        }

        /**
         * Parses and checks every setting.
         *
         * @throws InvalidSettingException naming the first setting that is missing or cannot be used
         */
        public ProxyProtocolConfig build() {
            String trusted = values.get(Setting.TRUSTED_PROXIES);
            if (trusted == null || trusted.isBlank()) {
                throw new InvalidSettingException(
                        Setting.TRUSTED_PROXIES,
                        names.nameOf(Setting.TRUSTED_PROXIES),
                        null,
                        "list the addresses or CIDRs of the load balancers allowed to send PROXY headers"
                                + " (e.g. 10.0.0.0/8), or '*' to trust every peer");
            }
            return new ProxyProtocolConfig(
                    cidrs(Setting.TRUSTED_PROXIES),
                    cidrs(Setting.DIRECT_CLIENTS),
                    wholeNumber(Setting.HEADER_TIMEOUT, 1, MAX_HEADER_TIMEOUT_MILLIS, "milliseconds"),
                    versions(),
                    (int) wholeNumber(
                            Setting.MAX_HEADER_SIZE,
                            ProxyHeaderDecoder.MIN_MAX_HEADER_SIZE,
                            ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE,
                            "bytes"),
                    bool(Setting.SSL_TLV_SECURE));
        }

        private String text(Setting setting) {
            String value = values.get(setting);
            return value == null ? setting.defaultValue() : value.trim();
        }

        private InvalidSettingException invalid(Setting setting, String problem) {
            return new InvalidSettingException(setting, names.nameOf(setting), values.get(setting), problem);
        }

        private CidrSet cidrs(Setting setting) {
            try {
                return CidrSet.parse(text(setting));
            } catch (IllegalArgumentException e) {
                throw invalid(
                        setting,
                        e.getMessage() + "; expected IPv4 or IPv6 addresses or CIDRs separated by"
                                + " commas or spaces, or '*'");
            }
        }

        private long wholeNumber(Setting setting, long min, long max, String unit) {
            String s = text(setting);
            String problem = "expected a whole number of " + unit + " from " + min + " to " + max;
            if (s.isEmpty() || s.length() > 18) {
                throw invalid(setting, problem);
            }
            long value = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    throw invalid(setting, problem);
                }
                value = value * 10 + (c - '0');
            }
            if (value < min || value > max) {
                throw invalid(setting, problem);
            }
            return value;
        }

        private Set<ProtocolVersion> versions() {
            Set<ProtocolVersion> set = EnumSet.noneOf(ProtocolVersion.class);
            for (String token : text(Setting.VERSIONS).split("[,\\s]+")) {
                switch (token.toLowerCase(Locale.ROOT)) {
                    case "" -> {}
                    case "v1", "1" -> set.add(ProtocolVersion.V1);
                    case "v2", "2" -> set.add(ProtocolVersion.V2);
                    default ->
                        throw invalid(Setting.VERSIONS, "'" + token + "' is not a version; expected v1, v2 or v1,v2");
                }
            }
            if (set.isEmpty()) {
                throw invalid(Setting.VERSIONS, "expected v1, v2 or v1,v2");
            }
            return Collections.unmodifiableSet(set);
        }

        private boolean bool(Setting setting) {
            String s = text(setting).toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(setting, "expected true or false");
            };
        }
    }
}
