package io.github.proxyprotocol.common;

/**
 * The TLV type codes of the specification and of the cloud load balancers, and the ranges the specification reserves.
 * Types are plain {@code int}s because the set is open: unknown types are kept raw.
 */
public final class TlvType {
    public static final int ALPN = 0x01;
    public static final int AUTHORITY = 0x02;
    public static final int CRC32C = 0x03;
    public static final int NOOP = 0x04;
    public static final int UNIQUE_ID = 0x05;
    public static final int SSL = 0x20;
    public static final int SSL_VERSION = 0x21;
    public static final int SSL_CN = 0x22;
    public static final int SSL_CIPHER = 0x23;
    public static final int SSL_SIG_ALG = 0x24;
    public static final int SSL_KEY_ALG = 0x25;
    public static final int SSL_GROUP = 0x26;
    public static final int SSL_SIG_SCHEME = 0x27;
    public static final int SSL_CLIENT_CERT = 0x28;
    public static final int NETNS = 0x30;
    /** Google Cloud Private Service Connect: an 8-byte big-endian connection id. */
    public static final int GCP = 0xE0;
    /** AWS: a subtype byte (0x01: VPC endpoint id) and an ASCII value. */
    public static final int AWS = 0xEA;
    /** Azure: a subtype byte (0x01: private link id) and a 4-byte little-endian id. */
    public static final int AZURE = 0xEE;

    /** The longest UNIQUE_ID value the specification allows. */
    public static final int UNIQUE_ID_MAX_LENGTH = 128;

    /** The ranges of TLV type codes the specification defines. */
    public enum Range {
        /** A type the specification has registered, or one not yet assigned below the custom range. */
        REGISTERED,
        /** 0xE0-0xEF: application specific (the cloud providers' TLVs live here). */
        CUSTOM,
        /** 0xF0-0xF7: experimental. */
        EXPERIMENTAL,
        /** 0xF8-0xFF: reserved for future use. */
        FUTURE
    }

    private TlvType() {}

    /** The range a type code belongs to. */
    public static Range rangeOf(int type) {
        if (type >= 0xF8) {
            return Range.FUTURE;
        }
        if (type >= 0xF0) {
            return Range.EXPERIMENTAL;
        }
        if (type >= 0xE0) {
            return Range.CUSTOM;
        }
        return Range.REGISTERED;
    }
}
