package io.github.proxyprotocol.common;

import java.util.Arrays;

/**
 * Reads the text of an IPv6 address into its 16 bytes in one pass, as the bytes go by: groups of one to four hex
 * digits, at most one {@code ::}, and optionally a dotted quad for the last 32 bits, in at most
 * {@value #MAX_LENGTH} characters. Resumes where it stopped, so the text may arrive in pieces; {@link #start} readies
 * it for the next address.
 *
 * <p>{@link #scan} takes every byte that IPv6 text is made of (hex digits, {@code :} and {@code .}) and stops at any
 * other, which ends the address; whether the text is an address is known only then, from {@link #finish}. A text
 * that has gone wrong is still read to its end, so that it fails where it ends, as a whole. The caller names where the
 * bytes go on every call, which keeps the scanner free of references that change.
 */
final class Ipv6TextScanner {
    /** The longest text: six groups and a dotted quad. */
    static final int MAX_LENGTH = 45;

    // What a byte is: its value if a hex digit, else one of these.
    private static final byte COLON = 16;
    private static final byte DOT = 17;
    private static final byte NOT_TEXT = 18;
    private static final byte[] KIND = new byte[256];

    static {
        Arrays.fill(KIND, NOT_TEXT);
        for (int c = 0; c < 256; c++) {
            int hex = IpAddresses.hexValue((byte) c);
            if (hex >= 0) {
                KIND[c] = (byte) hex;
            }
        }
        KIND[':'] = COLON;
        KIND['.'] = DOT;
    }

    // Where the text is, by the separator last read; the digits of a group may follow all but a leading colon.
    /** No separator yet. */
    private static final int START = 0;
    /** A {@code :} at the start, which must be the first of {@code ::}. */
    private static final int LEADING_COLON = 1;
    /** The {@code :} after a group. */
    private static final int AFTER_COLON = 2;
    /** The second {@code :} of {@code ::}. */
    private static final int AFTER_GAP = 3;
    /** Inside the dotted quad, which the {@link Ipv4TextScanner} reads. */
    private static final int QUAD = 4;
    /** The text cannot be an address any more; it is read to its end. */
    private static final int WRONG = 5;

    private final Ipv4TextScanner quad = new Ipv4TextScanner();
    /** Where the text is: {@link #START} to {@link #WRONG}. */
    private int at;
    /** The characters read. */
    private int length;
    /** The value of the current group so far. */
    private int value;
    /** The digits of the current group so far: 0 between groups. */
    private int digits;
    /** The groups written to {@code out}, from its start; a dotted quad counts as two once it is complete. */
    private int groups;
    /** How many groups precede the {@code ::}, or -1 without one. */
    private int gap;

    /** Readies the scanner for the next address. */
    void start() {
        at = START;
        length = 0;
        value = 0;
        digits = 0;
        groups = 0;
        gap = -1;
    }

    /** Whether {@code b} is a byte IPv6 text is made of. */
    static boolean isText(byte b) {
        return KIND[b & 0xFF] != NOT_TEXT;
    }

    /** Whether the text has its greatest length, so that any further byte of text is one too many. */
    boolean isFull() {
        return length == MAX_LENGTH;
    }

    /**
     * Reads from {@code a[from]} up to {@code a[end]}: returns the index of the first byte that is not IPv6 text or
     * would make the text too long, or {@code end} if there is none. The groups complete so far are in {@code out}.
     */
    int scan(byte[] a, int from, int end, byte[] out) {
        int last = Math.min(end, from + MAX_LENGTH - length);
        int i = from;
        int step = at;
        if (step < QUAD) {
            int v = value;
            int n = digits;
            int g = groups;
            for (; i < last; i++) {
                int kind = KIND[a[i] & 0xFF];
                if (kind < COLON) {
                    if (n == 4 || step == LEADING_COLON) {
                        step = WRONG;
                        break;
                    }
                    v = (v << 4) | kind;
                    n++;
                } else if (kind == COLON) {
                    if (n > 0) {
                        putGroup(out, g, v);
                        g++;
                        v = 0;
                        n = 0;
                        // a ninth group, or a gap after eight, can only be wrong
                        step = g == 8 ? WRONG : AFTER_COLON;
                    } else if (step == AFTER_COLON && gap < 0) {
                        gap = g;
                        step = AFTER_GAP;
                    } else if (step == START) {
                        step = LEADING_COLON;
                    } else if (step == LEADING_COLON) {
                        gap = 0;
                        step = AFTER_GAP;
                    } else {
                        step = WRONG;
                    }
                    if (step == WRONG) {
                        break;
                    }
                } else {
                    if (kind == DOT) {
                        if (n > 0 && g <= 6) {
                            // the group's digits, read as hex, are the quad's first number: read them again as decimal
                            quad.start();
                            step = QUAD;
                            i -= n;
                        } else {
                            step = WRONG;
                        }
                    }
                    break; // the end of the address, or of its groups
                }
            }
            value = v;
            digits = n;
            groups = g;
        }
        if (step == QUAD) {
            i = quad.scan(a, i, last, out, groups * 2);
            if (i < last && isText(a[i])) {
                step = WRONG;
            }
        }
        if (step == WRONG) {
            while (i < last && isText(a[i])) {
                i++;
            }
        }
        at = step;
        length += i - from;
        return i;
    }

    /** Whether the text read is an IPv6 address; if so, its 16 bytes are in {@code out}, given to every scan. */
    boolean finish(byte[] out) {
        int g = groups;
        if (at == QUAD) {
            if (!quad.finish(out, g * 2)) {
                return false;
            }
            g += 2;
        } else if (at == WRONG) {
            return false;
        } else if (digits > 0) {
            putGroup(out, g, value);
            g++;
        } else if (at != AFTER_GAP) {
            return false;
        }
        if (gap < 0) {
            return g == 8;
        }
        if (g > 7) {
            return false;
        }
        // the groups after the gap go to the end, and the gap is zeros
        int tail = (g - gap) * 2;
        int to = 16 - tail;
        int gapStart = gap * 2;
        for (int k = tail - 1; k >= 0; k--) {
            out[to + k] = out[gapStart + k];
        }
        for (int k = gapStart; k < to; k++) {
            out[k] = 0;
        }
        return true;
    }

    private static void putGroup(byte[] out, int index, int group) {
        out[index * 2] = (byte) (group >>> 8);
        out[index * 2 + 1] = (byte) group;
    }
}
