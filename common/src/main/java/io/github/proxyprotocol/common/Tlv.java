package io.github.proxyprotocol.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** One immutable type-length-value entry of a v2 header (or of an SSL TLV), kept raw. */
public final class Tlv {
    private final int type;
    private final byte[] value;

    /**
     * A TLV of this type (0-255) and value (at most 65535 bytes); the value is copied.
     *
     * @throws IllegalArgumentException if the type or the length is out of range
     */
    public Tlv(int type, byte[] value) {
        this(type, value.clone(), true);
    }

    private Tlv(int type, byte[] value, boolean checked) {
        if (type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("TLV type must be 0-255: " + type);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("TLV value must be at most 65535 bytes: " + value.length);
        }
        this.type = type;
        this.value = value;
    }

    /** Takes ownership of an array nobody else holds. */
    static Tlv wrap(int type, byte[] value) {
        return new Tlv(type, value, true);
    }

    /** A TLV holding a string as UTF-8. */
    public static Tlv ofString(int type, String value) {
        return wrap(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The type code, 0-255. */
    public int type() {
        return type;
    }

    /** Bytes of the value. */
    public int length() {
        return value.length;
    }

    /** A copy of the value. */
    public byte[] value() {
        return value.clone();
    }

    /** The value read as UTF-8 (US-ASCII values read the same). */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The value byte at an index, 0-255. */
    int byteAt(int index) {
        return value[index] & 0xFF;
    }

    byte[] rawValue() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tlv that && type == that.type && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("Tlv[0x%02X, %s]", type, HexFormat.of().formatHex(value));
    }
}
