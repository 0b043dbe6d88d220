package io.github.proxyprotocol.common;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict text forms of IPv4 and IPv6 addresses, without any name resolution: dotted quads with no leading zeros, and
 * IPv6 groups of one to four hex digits with at most one {@code ::} and an optional trailing dotted quad. Shared by
 * the v1 decoder, the encoder, the CIDR parser and anyone who reads an address literal from a setting.
 */
public final class IpAddresses {
    private IpAddresses() {}

    /**
     * Reads an IPv4 or IPv6 address literal (no brackets, no zone), never resolving a name.
     *
     * @throws IllegalArgumentException if the text is not one
     */
    public static InetAddress parse(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        boolean v6 = text.indexOf(':') >= 0;
        byte[] address = new byte[v6 ? 16 : 4];
        boolean ok = v6 ? parseIpv6(ascii, 0, ascii.length, address) : parseIpv4(ascii, 0, ascii.length, address, 0);
        if (!ok) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
        return inetAddress(address);
    }

    /**
     * The address of 4 or 16 bytes (copied), never resolved; an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as
     * its {@link java.net.Inet4Address}, as Java reports an IPv4 client on a dual-stack socket.
     */
    static InetAddress inetAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code len} ASCII bytes as an IPv4 address into {@code out[outOff..outOff+4)}. */
    static boolean parseIpv4(byte[] s, int off, int len, byte[] out, int outOff) {
        Ipv4TextScanner text = new Ipv4TextScanner();
        text.start();
        return text.scan(s, off, off + len, out, outOff) == off + len && text.finish(out, outOff);
    }

    /** Parses {@code len} ASCII bytes as an IPv6 address into the 16 bytes of {@code out}. */
    static boolean parseIpv6(byte[] s, int off, int len, byte[] out) {
        Ipv6TextScanner text = new Ipv6TextScanner();
        text.start();
        return text.scan(s, off, off + len, out) == off + len && text.finish(out);
    }

    /** The value of each byte as a hex digit, or -1. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    static int hexValue(byte c) {
        return HEX[c & 0xFF];
    }

    /** The dotted-quad form. */
    static String formatIpv4(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    /** The RFC 5952 form: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String formatIpv6(byte[] a) {
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (group(a, g) != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && group(a, g) == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(a, g)));
        }
        return sb.toString();
    }

    private static int group(byte[] a, int g) {
        return ((a[g * 2] & 0xFF) << 8) | (a[g * 2 + 1] & 0xFF);
    }
}
