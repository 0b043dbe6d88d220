package io.github.proxyprotocol.common;

/**
 * Reads the text of an IPv4 address, a dotted quad of four numbers 0 to 255 without leading zeros, into four bytes as
 * it goes, and stops at the first byte that cannot continue it. Resumes where it stopped, so the text may arrive in
 * pieces; {@link #start} readies it for the next address. The caller names where the bytes go on every call, which
 * keeps the scanner free of references that change.
 */
final class Ipv4TextScanner {
    /** The value of a number before its first digit. */
    private static final int NONE = -1;

    /** The current number so far, or {@link #NONE}. */
    private int value;
    /** The dots so far, which is also how many numbers are written. */
    private int dots;

    /** Readies the scanner for the next address. */
    void start() {
        value = NONE;
        dots = 0;
    }

    /**
     * Reads from {@code a[from]} up to {@code a[end]}: returns the index of the first byte that cannot continue the
     * address (whatever ends it, or a byte that makes it wrong), or {@code end} if every byte can. The numbers
     * complete so far are in {@code out[offset..offset+4)}.
     */
    int scan(byte[] a, int from, int end, byte[] out, int offset) {
        int v = value;
        int d = dots;
        int i = from;
        for (; i < end; i++) {
            int digit = a[i] - '0';
            if (digit >= 0 && digit <= 9) {
                int next = v < 0 ? digit : v * 10 + digit;
                if (v == 0 || next > 255) {
                    break; // a leading zero, or too much
                }
                v = next;
            } else if (digit == '.' - '0' && v >= 0 && d < 3) {
                out[offset + d] = (byte) v;
                d++;
                v = NONE;
            } else {
                break;
            }
        }
        value = v;
        dots = d;
        return i;
    }

    /** Whether the bytes read are a whole dotted quad; if so, all four are in {@code out[offset..offset+4)}. */
    boolean finish(byte[] out, int offset) {
        if (dots != 3 || value == NONE) {
            return false;
        }
        out[offset + 3] = (byte) value;
        return true;
    }

    /** What is wrong with byte {@code b}, at which {@link #scan} stopped, when it is not the end of the address. */
    String problemWith(byte b) {
        if (b >= '0' && b <= '9') {
            return value == 0 ? "has a leading zero" : "has a number above 255";
        }
        return b == '.' || b == ' ' ? "is not a dotted quad" : "has a character not allowed in an IPv4 address";
    }
}
