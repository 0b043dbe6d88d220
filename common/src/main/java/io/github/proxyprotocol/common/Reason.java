package io.github.proxyprotocol.common;

/**
 * Why a connection was refused: one value per failure, each with a short stable code used in log lines and as the
 * metrics tag.
 */
public enum Reason {
    /** The first bytes are not a PROXY protocol signature, but a header is required from this peer. */
    NOT_PROXY_PROTOCOL("not_proxy_protocol"),
    /** A valid signature of a version that the listener does not accept. */
    VERSION_NOT_ACCEPTED("version_not_accepted"),
    /** A v1 line that does not match the grammar (keyword, spaces, address, port or line ending). */
    V1_MALFORMED("v1_malformed"),
    /** 107 bytes of a v1 line without its CRLF. */
    V1_TOO_LONG("v1_too_long"),
    /** A v2 version nibble other than 2. */
    V2_UNSUPPORTED_VERSION("v2_unsupported_version"),
    /** A v2 command other than LOCAL and PROXY. */
    V2_UNSUPPORTED_COMMAND("v2_unsupported_command"),
    /** A v2 family and transport byte outside 0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32, or PROXY with UNSPEC. */
    V2_UNSUPPORTED_FAMILY("v2_unsupported_family"),
    /** A v2 length shorter than the address block of its family. */
    V2_TRUNCATED_ADDRESSES("v2_truncated_addresses"),
    /** A header longer than the listener's maximum header size. */
    HEADER_TOO_LARGE("header_too_large"),
    /** A TLV whose length runs past the header, or a known TLV whose value has the wrong shape. */
    TLV_MALFORMED("tlv_malformed"),
    /** A CRC32C TLV whose checksum does not match the header. */
    CRC32C_MISMATCH("crc32c_mismatch"),
    /** A peer that is neither a trusted proxy nor a direct client. */
    UNTRUSTED_PEER("untrusted_peer"),
    /** A PROXY header from a peer that may only connect directly. */
    UNEXPECTED_HEADER("unexpected_header"),
    /** No complete header within the header timeout. */
    TIMEOUT("timeout"),
    /** The peer closed the connection, or it failed, after some bytes but before a complete header. */
    CONNECTION_CLOSED("connection_closed"),
    /**
     * The peer closed the connection before sending a byte: what a balancer's TCP health check does (AWS NLB, HAProxy
     * {@code check}, Kubernetes TCP probes). Counted, but logged at debug level only.
     */
    CLOSED_WITHOUT_DATA("closed_without_data");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The short, stable name of this reason, for log lines and metric tags. */
    public String code() {
        return code;
    }
}
