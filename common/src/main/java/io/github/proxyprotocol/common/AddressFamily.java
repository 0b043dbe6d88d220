package io.github.proxyprotocol.common;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The address family of a header, with its v2 wire code and the size of its v2 address block. */
public enum AddressFamily {
    UNSPEC(0x0, 0, 0),
    INET(0x1, 4, 12),
    INET6(0x2, 16, 36),
    UNIX(0x3, 108, 216);

    private final int code;
    private final int addressLength;
    private final int blockLength;

    AddressFamily(int code, int addressLength, int blockLength) {
        this.code = code;
        this.addressLength = addressLength;
        this.blockLength = blockLength;
    }

    /** The high nibble of the v2 family-and-transport byte. */
    public int code() {
        return code;
    }

    /** Bytes of one address of this family in a v2 header. */
    public int addressLength() {
        return addressLength;
    }

    /** Bytes of the v2 address block: both addresses, and both ports for INET and INET6. */
    public int blockLength() {
        return blockLength;
    }

    /** The family with this wire code; empty for a code the specification does not assign. */
    public static Optional<AddressFamily> fromCode(int code) {
        return Optional.ofNullable(byCode(code));
    }

    /** The family with this wire code, or {@code null}: for the decoder's hot path. */
    static @Nullable AddressFamily byCode(int code) {
        return switch (code) {
            case 0x0 -> UNSPEC;
            case 0x1 -> INET;
            case 0x2 -> INET6;
            case 0x3 -> UNIX;
            default -> null;
        };
    }
}
