package io.github.proxyprotocol.common;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of IPv4 and IPv6 address ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, single addresses), or
 * {@code *} for every peer. Ranges are merged and sorted, so a lookup is a binary search whatever the number of CIDRs.
 * Host names are never resolved.
 */
public final class CidrSet {
    private static final CidrSet EMPTY = new CidrSet(false, new long[0], new long[0], new long[0][], "");
    private static final CidrSet ANY = new CidrSet(true, new long[0], new long[0], new long[0][], "*");

    private final boolean any;
    private final long[] v4Starts;
    private final long[] v4Ends;
    /** IPv6 ranges as {startHigh, startLow, endHigh, endLow}, sorted and merged. */
    private final long[][] v6Ranges;

    private final String text;

    private CidrSet(boolean any, long[] v4Starts, long[] v4Ends, long[][] v6Ranges, String text) {
        this.any = any;
        this.v4Starts = v4Starts;
        this.v4Ends = v4Ends;
        this.v6Ranges = v6Ranges;
        this.text = text;
    }

    /** The set that contains nothing. */
    public static CidrSet empty() {
        return EMPTY;
    }

    /** The set that contains every peer. */
    public static CidrSet any() {
        return ANY;
    }

    /**
     * Parses a list of CIDRs or addresses separated by commas and/or white space; {@code *} means every peer; an empty
     * or blank text means none.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IPv4 or IPv6 address or CIDR, or when the
     *     text has separators but no entry ({@code ","}), which means nothing
     */
    public static CidrSet parse(String text) {
        List<long[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        boolean any = false;
        List<String> entries = new ArrayList<>();
        for (String entry : text.split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            entries.add(entry);
            if (entry.equals("*")) {
                any = true;
                continue;
            }
            parseEntry(entry, v4, v6);
        }
        if (any) {
            return ANY;
        }
        if (entries.isEmpty()) {
            if (!text.isBlank()) {
                throw new IllegalArgumentException("'" + text.strip() + "' has separators but no address or CIDR");
            }
            return EMPTY;
        }
        long[][] v4Merged = mergeV4(v4);
        return new CidrSet(false, v4Merged[0], v4Merged[1], mergeV6(v6), String.join(",", entries));
    }

    private static void parseEntry(String entry, List<long[]> v4, List<long[]> v6) {
        int slash = entry.indexOf('/');
        byte[] text = (slash < 0 ? entry : entry.substring(0, slash)).getBytes(StandardCharsets.US_ASCII);
        boolean isV6 = entry.indexOf(':') >= 0;
        byte[] address = new byte[isV6 ? 16 : 4];
        boolean ok = isV6
                ? IpAddresses.parseIpv6(text, 0, text.length, address)
                : IpAddresses.parseIpv4(text, 0, text.length, address, 0);
        if (!ok) {
            throw new IllegalArgumentException("'" + entry + "' is not an IPv4 or IPv6 address or CIDR");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            prefix = parsePrefix(entry.substring(slash + 1), bits);
            if (prefix < 0) {
                throw new IllegalArgumentException(
                        "'" + entry + "' has a prefix length that is not a number from 0 to " + bits);
            }
        }
        if (isV6) {
            long high = toLong(address, 0);
            long low = toLong(address, 8);
            long maskHigh = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            long maskLow = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            v6.add(new long[] {high & maskHigh, low & maskLow, high | ~maskHigh, low | ~maskLow});
        } else {
            long value = toLong(address, 0) >>> 32;
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            v4.add(new long[] {value & mask, (value & mask) | (~mask & 0xFFFFFFFFL)});
        }
    }

    private static int parsePrefix(String s, int max) {
        if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static long toLong(byte[] a, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (off + i < a.length ? a[off + i] & 0xFF : 0);
        }
        return v;
    }

    private static long[][] mergeV4(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        long[] starts = new long[ranges.size()];
        long[] ends = new long[ranges.size()];
        int n = 0;
        for (long[] r : ranges) {
            if (n > 0 && r[0] <= ends[n - 1] + 1) {
                ends[n - 1] = Math.max(ends[n - 1], r[1]);
            } else {
                starts[n] = r[0];
                ends[n] = r[1];
                n++;
            }
        }
        return new long[][] {Arrays.copyOf(starts, n), Arrays.copyOf(ends, n)};
    }

    private static long[][] mergeV6(List<long[]> ranges) {
        ranges.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && (compare(r[0], r[1], last[2], last[3]) <= 0 || follows(r[0], r[1], last[2], last[3]))) {
                if (compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else {
                merged.add(r.clone());
            }
        }
        return merged.toArray(new long[0][]);
    }

    /** Whether the address {@code start} comes right after {@code end}: ranges that touch merge into one. */
    private static boolean follows(long startHigh, long startLow, long endHigh, long endLow) {
        long nextLow = endLow + 1;
        long nextHigh = nextLow == 0 ? endHigh + 1 : endHigh;
        return !(endHigh == -1L && endLow == -1L) && nextHigh == startHigh && nextLow == startLow;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /** Whether this set is {@code *}. */
    public boolean isAny() {
        return any;
    }

    /**
     * Whether this set lets in every peer of at least one IP version: {@code *}, or ranges that together cover every
     * IPv4 address ({@code 0.0.0.0/0}, {@code 0.0.0.0/1,128.0.0.0/1}) or every IPv6 address ({@code ::/0}). Such a
     * set of trusted proxies lets any client of that version send a header and choose its address.
     */
    public boolean coversEveryAddress() {
        boolean everyV4 = v4Starts.length == 1 && v4Starts[0] == 0 && v4Ends[0] == 0xFFFFFFFFL;
        boolean everyV6 = v6Ranges.length == 1
                && v6Ranges[0][0] == 0
                && v6Ranges[0][1] == 0
                && v6Ranges[0][2] == -1L
                && v6Ranges[0][3] == -1L;
        return any || everyV4 || everyV6;
    }

    /** Whether this set contains nothing. */
    public boolean isEmpty() {
        return !any && v4Starts.length == 0 && v6Ranges.length == 0;
    }

    /**
     * Whether a connection's peer is in this set: an {@link InetSocketAddress} by its address; any other kind of
     * address (a Unix domain socket) only when the set is {@code *}.
     */
    public boolean contains(SocketAddress peer) {
        if (any) {
            return true;
        }
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return contains(inet.getAddress());
        }
        return false;
    }

    /** Whether an address is in this set; an IPv4-mapped IPv6 address matches as its IPv4 address. */
    public boolean contains(InetAddress address) {
        if (any) {
            return true;
        }
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return containsV4(toLong(a, 0) >>> 32);
        }
        long high = toLong(a, 0);
        long low = toLong(a, 8);
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return containsV4(low & 0xFFFFFFFFL);
        }
        int lo = 0;
        int hi = v6Ranges.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long[] r = v6Ranges[mid];
            if (compare(high, low, r[0], r[1]) < 0) {
                hi = mid - 1;
            } else if (compare(high, low, r[2], r[3]) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private boolean containsV4(long value) {
        int lo = 0;
        int hi = v4Starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (value < v4Starts[mid]) {
                hi = mid - 1;
            } else if (value > v4Ends[mid]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The entries as configured, comma separated. */
    @Override
    public String toString() {
        return text;
    }
}
