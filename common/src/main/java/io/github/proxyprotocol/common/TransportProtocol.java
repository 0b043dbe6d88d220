package io.github.proxyprotocol.common;

/** The transport protocol of a header, with its v2 wire code. */
public enum TransportProtocol {
    UNSPEC(0x0),
    STREAM(0x1),
    DGRAM(0x2);

    private final int code;

    TransportProtocol(int code) {
        this.code = code;
    }

    /** The low nibble of the v2 family-and-transport byte. */
    public int code() {
        return code;
    }

    /** The transport with this wire code, or {@code null} for an unspecified one. */
    public static TransportProtocol fromCode(int code) {
        return switch (code) {
            case 0x0 -> UNSPEC;
            case 0x1 -> STREAM;
            case 0x2 -> DGRAM;
            default -> null;
        };
    }
}
