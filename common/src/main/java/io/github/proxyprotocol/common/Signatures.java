package io.github.proxyprotocol.common;

import io.github.proxyprotocol.common.ProxyHeaderDecoder.Detection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The two signatures a PROXY header starts with, matched in this one place: by the decoder, by detection, by the
 * encoder and by the header phase.
 */
final class Signatures {
    /** {@code "PROXY "}: the v1 signature, space included. */
    static final int V1_LENGTH = 6;
    /** {@code \r\n\r\n\0\r\nQUIT\n}: the v2 signature. */
    static final int V2_LENGTH = 12;

    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final long V2_HEAD = 0x0D0A0D0A000D0A51L;
    private static final int V2_TAIL = 0x5549540A;

    private Signatures() {}

    /** The version whose signature starts with this byte, or {@code null} if none does. */
    static ProtocolVersion versionOf(byte first) {
        return first == 'P' ? ProtocolVersion.V1 : first == '\r' ? ProtocolVersion.V2 : null;
    }

    /** Whether byte {@code index} of a v1 header is the signature's. */
    static boolean v1At(int index, byte b) {
        return V1[index] == b;
    }

    /** Whether byte {@code index} of a v2 header is the signature's. */
    static boolean v2At(int index, byte b) {
        return V2[index] == b;
    }

    /** Whether the 12 bytes from {@code at} are the v2 signature, checked at once. */
    static boolean isV2(ByteBuffer in, int at) {
        long head = in.getLong(at);
        int tail = in.getInt(at + 8);
        if (in.order() != ByteOrder.BIG_ENDIAN) {
            head = Long.reverseBytes(head);
            tail = Integer.reverseBytes(tail);
        }
        return head == V2_HEAD && tail == V2_TAIL;
    }

    /** Writes the v2 signature. */
    static void putV2(ByteBuffer out) {
        out.put(V2);
    }

    /**
     * What the bytes from the buffer's position start with, consuming nothing: decided at the first byte that differs
     * from both signatures.
     */
    static Detection detect(ByteBuffer in) {
        int n = in.remaining();
        if (n == 0) {
            return Detection.NEED_MORE;
        }
        int p = in.position();
        ProtocolVersion version = versionOf(in.get(p));
        if (version == null) {
            return Detection.NOT_PROXY;
        }
        byte[] signature = version == ProtocolVersion.V1 ? V1 : V2;
        int check = Math.min(n, signature.length);
        for (int i = 1; i < check; i++) {
            if (in.get(p + i) != signature[i]) {
                return Detection.NOT_PROXY;
            }
        }
        if (n < signature.length) {
            return Detection.NEED_MORE;
        }
        return version == ProtocolVersion.V1 ? Detection.V1 : Detection.V2;
    }

    /** The failure for byte {@code index}, which no signature has there. */
    static ProxyProtocolException notProxy(int index, byte b) {
        return new ProxyProtocolException(
                Reason.NOT_PROXY_PROTOCOL,
                String.format("byte %d is 0x%02X, not part of a PROXY protocol signature", index, b & 0xFF));
    }
}
