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
    /** The longest IPv6 text form: six groups and a dotted quad. */
    static final int MAX_IPV6_TEXT = 45;

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
        int end = off + len;
        int i = off;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= end || s[i] != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < end && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
                value = value * 10 + (s[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) {
                return false;
            }
            out[outOff + octet] = (byte) value;
        }
        return i == end;
    }

    /** Parses {@code len} ASCII bytes as an IPv6 address into the 16 bytes of {@code out}. */
    static boolean parseIpv6(byte[] s, int off, int len, byte[] out) {
        if (len < 2 || len > MAX_IPV6_TEXT) {
            return false;
        }
        int end = off + len;
        int i = off;
        int groups = 0;
        int gap = -1;
        if (s[i] == ':') {
            if (s[i + 1] != ':') {
                return false;
            }
            gap = 0;
            i += 2;
        }
        while (i < end) {
            if (groups >= 8) {
                return false;
            }
            int start = i;
            int value = 0;
            int digit;
            while (i < end && (digit = hexValue(s[i])) >= 0 && i - start < 4) {
                value = (value << 4) | digit;
                i++;
            }
            if (i < end && s[i] == '.') {
                if (groups > 6 || !parseIpv4(s, start, end - start, out, groups * 2)) {
                    return false;
                }
                groups += 2;
                i = end;
                break;
            }
            if (i == start) {
                return false;
            }
            out[groups * 2] = (byte) (value >>> 8);
            out[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == end) {
                break;
            }
            if (s[i] != ':') {
                return false;
            }
            i++;
            if (i < end && s[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = groups;
                i++;
            } else if (i == end) {
                return false;
            }
        }
        if (gap < 0) {
            return groups == 8;
        }
        if (groups > 7) {
            return false;
        }
        int tail = groups - gap;
        System.arraycopy(out, gap * 2, out, 16 - tail * 2, tail * 2);
        for (int b = gap * 2; b < 16 - tail * 2; b++) {
            out[b] = 0;
        }
        return true;
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
