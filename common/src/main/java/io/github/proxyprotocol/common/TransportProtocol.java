package io.github.proxyprotocol.common;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

    /** The transport with this wire code; empty for a code the specification does not assign. */
    public static Optional<TransportProtocol> fromCode(int code) {
        return Optional.ofNullable(byCode(code));
    }

    /** The transport with this wire code, or {@code null}: for the decoder's hot path. */
    static @Nullable TransportProtocol byCode(int code) {
        return switch (code) {
            case 0x0 -> UNSPEC;
            case 0x1 -> STREAM;
            case 0x2 -> DGRAM;
            default -> null;
        };
    }
}
