package io.github.proxyprotocol.testsupport.contract;

import io.github.proxyprotocol.common.Setting;
import java.util.EnumMap;
import java.util.Map;

/**
 * The PROXY protocol settings a contract case starts its server with, as the text a user would write. The default
 * trusts 127.0.0.1 (a required header) and 127.0.0.4 (an optional one), serves 127.0.0.3 and 127.0.0.4 as direct
 * clients, and refuses 127.0.0.2: one loopback address for each row of the trust table.
 *
 * @param trustedProxies trusted proxies
 * @param directClients direct clients
 * @param headerTimeoutMillis the header timeout in milliseconds
 * @param versions accepted versions
 * @param maxHeaderSize the maximum header size in bytes
 * @param sslTlvSecure whether an SSL TLV marks requests secure
 */
public record ContractSettings(
        String trustedProxies,
        String directClients,
        long headerTimeoutMillis,
        String versions,
        int maxHeaderSize,
        boolean sslTlvSecure) {

    /** The peer whose header is required. */
    public static final String REQUIRED_PEER = "127.0.0.1";
    /** The peer that may send a header or not. */
    public static final String OPTIONAL_PEER = "127.0.0.4";
    /** The peer served as itself, which may not send a header. */
    public static final String DIRECT_PEER = "127.0.0.3";
    /** The peer that is neither: closed at once. */
    public static final String REJECTED_PEER = "127.0.0.2";

    /** The trust table's four peers, a header timeout of 5 s, both versions, 4096 bytes at most. */
    public static ContractSettings defaults() {
        return new ContractSettings(
                REQUIRED_PEER + "/32, " + OPTIONAL_PEER + "/32",
                DIRECT_PEER + ", " + OPTIONAL_PEER,
                5000,
                "v1,v2",
                4096,
                true);
    }

    /** These settings with other trusted proxies. */
    public ContractSettings trustedProxies(String cidrs) {
        return new ContractSettings(cidrs, directClients, headerTimeoutMillis, versions, maxHeaderSize, sslTlvSecure);
    }

    /** These settings with another header timeout. */
    public ContractSettings headerTimeoutMillis(long millis) {
        return new ContractSettings(trustedProxies, directClients, millis, versions, maxHeaderSize, sslTlvSecure);
    }

    /** These settings with other accepted versions. */
    public ContractSettings versions(String accepted) {
        return new ContractSettings(
                trustedProxies, directClients, headerTimeoutMillis, accepted, maxHeaderSize, sslTlvSecure);
    }

    /** These settings with another maximum header size. */
    public ContractSettings maxHeaderSize(int bytes) {
        return new ContractSettings(trustedProxies, directClients, headerTimeoutMillis, versions, bytes, sslTlvSecure);
    }

    /** These settings with an SSL TLV marking requests secure or not. */
    public ContractSettings sslTlvSecure(boolean secure) {
        return new ContractSettings(
                trustedProxies, directClients, headerTimeoutMillis, versions, maxHeaderSize, secure);
    }

    /** Each setting's text, for containers that take text (server.xml attributes, module properties). */
    public Map<Setting, String> asText() {
        Map<Setting, String> text = new EnumMap<>(Setting.class);
        text.put(Setting.TRUSTED_PROXIES, trustedProxies);
        text.put(Setting.DIRECT_CLIENTS, directClients);
        text.put(Setting.HEADER_TIMEOUT, Long.toString(headerTimeoutMillis));
        text.put(Setting.VERSIONS, versions);
        text.put(Setting.MAX_HEADER_SIZE, Integer.toString(maxHeaderSize));
        text.put(Setting.SSL_TLV_SECURE, Boolean.toString(sslTlvSecure));
        return text;
    }
}
