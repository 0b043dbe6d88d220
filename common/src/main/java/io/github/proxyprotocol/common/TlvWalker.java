package io.github.proxyprotocol.common;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a block of TLVs, each a type byte, a 16-bit big-endian length and that many bytes of value (section 2.2.7):
 * the TLVs of a v2 header, and the sub-TLVs of an SSL TLV after its 5-byte fixed part. The one place that reads their
 * framing and checks the rules of the known types, for the decoder and for {@link SslTlv#parse}.
 */
final class TlvWalker {
    /** A TLV's type and length. */
    static final int TYPE_AND_LENGTH = 3;
    /** What {@link #walk} returns for a block without a CRC32C TLV. */
    static final int NO_CRC = -1;

    /** The SSL TLV's client flags and verify field. */
    private static final int SSL_FIXED_LENGTH = 5;

    private TlvWalker() {}

    /**
     * Walks a v2 header's TLVs from {@code start} to {@code end}, checking that each lies within the block, that a
     * CRC32C TLV has 4 bytes and comes once, that a UNIQUE_ID has at most 128 bytes, and that an SSL TLV's sub-TLVs lie
     * within it. Adds each TLV to {@code out}, the first SSL TLV parsed; with {@code out} null, only checks.
     *
     * @param base where the header starts, for the byte indexes in messages
     * @return where the CRC32C TLV's value starts (it is not verified here), or {@link #NO_CRC}
     * @throws ProxyProtocolException with {@link Reason#TLV_MALFORMED} at the first TLV that breaks a rule
     */
    static int walk(ByteBuffer in, int start, int end, int base, TlvList out) throws ProxyProtocolException {
        int crcValueAt = NO_CRC;
        int i = start;
        while (i < end) {
            int next = next(in, i, end);
            if (next < 0) {
                throw end - i < TYPE_AND_LENGTH
                        ? malformed("v2 header ends inside a TLV's type and length at byte " + (i - base))
                        : malformed(String.format(
                                "TLV 0x%02X at byte %d says %d bytes but the header has %d left",
                                type(in, i), i - base, length(in, i), end - i - TYPE_AND_LENGTH));
            }
            int type = type(in, i);
            int valueAt = i + TYPE_AND_LENGTH;
            int length = next - valueAt;
            SslTlv ssl = null;
            switch (type) {
                case TlvType.CRC32C -> {
                    if (crcValueAt != NO_CRC) {
                        throw malformed("two CRC32C TLVs");
                    }
                    if (length != 4) {
                        throw malformed("CRC32C TLV of " + length + " bytes instead of 4");
                    }
                    crcValueAt = valueAt;
                }
                case TlvType.UNIQUE_ID -> {
                    if (length > TlvType.UNIQUE_ID_MAX_LENGTH) {
                        throw malformed("UNIQUE_ID TLV of " + length + " bytes, above 128");
                    }
                }
                case TlvType.SSL -> ssl = ssl(in, valueAt, next, out != null && out.ssl() == null);
                default -> {}
            }
            if (out != null) {
                byte[] value = new byte[length];
                in.get(valueAt, value);
                out.add(Tlv.wrap(type, value), ssl);
            }
            i = next;
        }
        return crcValueAt;
    }

    /** Whether {@link #walk} accepts the TLVs from {@code start} to {@code end}. */
    static boolean wellFormed(ByteBuffer in, int start, int end) {
        try {
            walk(in, start, end, start, null);
            return true;
        } catch (ProxyProtocolException e) {
            return false;
        }
    }

    /**
     * Walks an SSL TLV's value from {@code start} to {@code end}: the client flags, the verify field, then sub-TLVs
     * each within the value.
     *
     * @param parse whether to make the {@link SslTlv}, or only check
     * @return the SSL TLV, or {@code null} if only checking
     * @throws ProxyProtocolException with {@link Reason#TLV_MALFORMED} if the value is too short for its fixed part or
     *     a sub-TLV runs past its end
     */
    static SslTlv ssl(ByteBuffer in, int start, int end, boolean parse) throws ProxyProtocolException {
        if (end - start < SSL_FIXED_LENGTH) {
            throw malformed("SSL TLV is " + (end - start) + " bytes, shorter than its " + SSL_FIXED_LENGTH
                    + "-byte fixed part");
        }
        List<Tlv> subs = parse ? new ArrayList<>(4) : null;
        int i = start + SSL_FIXED_LENGTH;
        while (i < end) {
            int next = next(in, i, end);
            if (next < 0) {
                throw end - i < TYPE_AND_LENGTH
                        ? malformed("SSL TLV ends inside a sub-TLV's type and length at offset " + (i - start))
                        : malformed(String.format(
                                "SSL sub-TLV 0x%02X says %d bytes but only %d remain",
                                type(in, i), length(in, i), end - i - TYPE_AND_LENGTH));
            }
            if (subs != null) {
                byte[] value = new byte[next - i - TYPE_AND_LENGTH];
                in.get(i + TYPE_AND_LENGTH, value);
                subs.add(Tlv.wrap(type(in, i), value));
            }
            i = next;
        }
        if (!parse) {
            return null;
        }
        int verify = (unsignedShort(in, start + 1) << 16) | unsignedShort(in, start + 3);
        return new SslTlv(in.get(start) & 0xFF, verify, subs);
    }

    /** Where the TLV at {@code at} ends, or -1 if its type and length or its value run past {@code end}. */
    private static int next(ByteBuffer in, int at, int end) {
        if (end - at < TYPE_AND_LENGTH) {
            return -1;
        }
        int next = at + TYPE_AND_LENGTH + length(in, at);
        return next > end ? -1 : next;
    }

    private static int type(ByteBuffer in, int at) {
        return in.get(at) & 0xFF;
    }

    private static int length(ByteBuffer in, int at) {
        return unsignedShort(in, at + 1);
    }

    /** The big-endian 16-bit number at {@code at}, whatever the buffer's byte order. */
    static int unsignedShort(ByteBuffer in, int at) {
        return ((in.get(at) & 0xFF) << 8) | (in.get(at + 1) & 0xFF);
    }

    private static ProxyProtocolException malformed(String message) {
        return new ProxyProtocolException(Reason.TLV_MALFORMED, message);
    }
}
