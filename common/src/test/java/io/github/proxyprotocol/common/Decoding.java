package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Feeds bytes to a decoder the ways a connection can deliver them. */
final class Decoding {
    static final int MAX = 4096;

    private Decoding() {}

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    static Tlv concatTlv(int type, byte[] prefix, String text) {
        return new Tlv(type, concat(prefix, ascii(text)));
    }

    /** Decodes with everything in one buffer; checks the position lands just after the header. */
    static ProxyHeader whole(byte[] wire) throws ProxyProtocolException {
        return whole(new ProxyHeaderDecoder(MAX), wire);
    }

    static ProxyHeader whole(ProxyHeaderDecoder decoder, byte[] wire) throws ProxyProtocolException {
        ByteBuffer in = ByteBuffer.wrap(wire);
        return decoder.decode(in);
    }

    /**
     * Decodes the bytes arriving {@code step} at a time into a growing buffer, as an adapter does; returns the header
     * and asserts it completed exactly at the header's end.
     */
    static ProxyHeader split(byte[] wire, int headerLength, int step) throws ProxyProtocolException {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(MAX);
        ByteBuffer in = ByteBuffer.allocate(wire.length);
        in.flip();
        int given = 0;
        while (given < wire.length) {
            int n = Math.min(step, wire.length - given);
            in.limit(in.limit() + n);
            in.put(in.limit() - n, wire, given, n);
            given += n;
            ProxyHeader header = decoder.decode(in);
            if (header != null) {
                assertThat(in.position()).as("position after the header").isEqualTo(headerLength);
                assertThat(given).as("bytes given when complete").isLessThan(headerLength + step);
                return header;
            }
            assertThat(in.position()).isZero();
        }
        return null;
    }

    /** The index of the byte at which decoding one byte at a time fails, or -1. */
    static int failingByte(byte[] wire, ProxyHeaderDecoder decoder) {
        ByteBuffer in = ByteBuffer.allocate(wire.length);
        in.flip();
        for (int i = 0; i < wire.length; i++) {
            in.limit(i + 1);
            in.put(i, wire[i]);
            try {
                if (decoder.decode(in) != null) {
                    return -1;
                }
            } catch (ProxyProtocolException e) {
                return i;
            }
        }
        return -1;
    }
}
