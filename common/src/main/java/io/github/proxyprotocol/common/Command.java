package io.github.proxyprotocol.common;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The command of a header: {@code PROXY} carries the original connection's addresses, {@code LOCAL} says the proxy
 * opened the connection itself (a health check), so the real endpoints apply. A v1 {@code UNKNOWN} line is a
 * {@code PROXY} with family {@link AddressFamily#UNSPEC} and no addresses.
 */
public enum Command {
    LOCAL(0x0),
    PROXY(0x1);

    private final int code;

    Command(int code) {
        this.code = code;
    }

    /** The low nibble of the v2 version-and-command byte. */
    public int code() {
        return code;
    }

    /** The command with this wire code; empty for a code the specification does not assign. */
    public static Optional<Command> fromCode(int code) {
        return Optional.ofNullable(byCode(code));
    }

    /** The command with this wire code, or {@code null}: for the decoder's hot path. */
    static @Nullable Command byCode(int code) {
        return switch (code) {
            case 0x0 -> LOCAL;
            case 0x1 -> PROXY;
            default -> null;
        };
    }
}
