package io.github.proxyprotocol.common;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Scans a v1 line byte by byte against the grammar of section 2.1, resuming where the last call stopped:
 * {@code PROXY TCP4|TCP6 <source> <destination> <source port> <destination port>\r\n} or {@code PROXY UNKNOWN ...\r\n}.
 * Digits only, no sign, no leading zero, numbers in range, single spaces, CRLF. Fails at the first byte that cannot be
 * part of a valid line; an IPv6 address wrong in any way but a character or its length fails as a whole, at the space
 * that ends it. Keeps its progress in a {@link HeaderState}; each address is read into its bytes as it goes by, by an
 * {@link Ipv4TextScanner} or an {@link Ipv6TextScanner}.
 */
final class V1LineScanner {
    /**
     * The part of the line the next byte belongs to, in line order. An {@code int}, not an enum: the phase changes
     * seven times a line, and storing a reference in the long-lived state costs a garbage collector's write barrier
     * each time.
     */
    static final class Phase {
        /** {@code "PROXY "}. */
        static final int SIGNATURE = 0;
        /** {@code TCP4}, {@code TCP6} or {@code UNKNOWN}, and what follows it. */
        static final int FAMILY = 1;

        static final int SOURCE_ADDRESS = 2;
        static final int DESTINATION_ADDRESS = 3;
        static final int SOURCE_PORT = 4;
        static final int DESTINATION_PORT = 5;
        /** Whatever follows {@code UNKNOWN} up to the CR. */
        static final int UNKNOWN_REST = 6;
        /** The LF after the CR. */
        static final int LINE_FEED = 7;
        /** The line is complete. */
        static final int DONE = 8;

        private Phase() {}
    }

    private static final byte[] UNKNOWN = "UNKNOWN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TCP = "TCP".getBytes(StandardCharsets.US_ASCII);
    private static final ProxyHeader UNKNOWN_HEADER =
            ProxyHeader.builder().version(ProtocolVersion.V1).build();
    private static final String EXPECTED_FAMILY = "expected TCP4, TCP6 or UNKNOWN after \"PROXY \"";
    /** {@code "PROXY TCP4 "} and {@code "PROXY TCP6 "}: how nearly every line starts. */
    private static final int USUAL_START_LENGTH = 11;
    /** The first 8 bytes of the usual start, and its last 8 (which overlap them) for each family. */
    private static final long PROXY_TC = bigEndianLong("PROXY TC");

    private static final long XY_TCP4 = bigEndianLong("XY TCP4 ");
    private static final long XY_TCP6 = bigEndianLong("XY TCP6 ");

    private V1LineScanner() {}

    /** Scans the bytes not scanned yet: the header once the CRLF is in, the position just past it; else null. */
    static ProxyHeader scan(HeaderState s, ByteBuffer in, int available, boolean accept) throws ProxyProtocolException {
        int base = in.position();
        int end = Math.min(available, ProxyHeaderDecoder.V1_MAX_LENGTH);
        if (s.scanned == 0 && accept && end >= USUAL_START_LENGTH) {
            usualStart(s, in, base);
        }
        // Scan a byte array: the buffer's own, or a copy of the line for a direct buffer.
        boolean heap = in.hasArray();
        byte[] a = heap ? in.array() : s.lineCopy();
        int off = heap ? in.arrayOffset() + base : 0;
        if (!heap) {
            in.get(base + s.scanned, a, s.scanned, end - s.scanned);
        }
        // The phases in line order: each takes what it can and moves on, or leaves the rest for the next call.
        if (s.phase == Phase.SIGNATURE) {
            signature(s, a, off, end, accept);
        }
        if (s.phase == Phase.FAMILY) {
            family(s, a, off, end);
        }
        if (s.phase == Phase.SOURCE_ADDRESS) {
            address(s, a, off, end, true);
        }
        if (s.phase == Phase.DESTINATION_ADDRESS) {
            address(s, a, off, end, false);
        }
        if (s.phase == Phase.SOURCE_PORT) {
            port(s, a, off, end, true);
        }
        if (s.phase == Phase.DESTINATION_PORT) {
            port(s, a, off, end, false);
        }
        if (s.phase == Phase.UNKNOWN_REST) {
            unknownRest(s, a, off, end);
        }
        if (s.phase == Phase.LINE_FEED && s.scanned < end) {
            lineFeed(s, a[off + s.scanned]);
        }
        if (s.phase == Phase.DONE) {
            ProxyHeader header = header(s);
            in.position(base + s.scanned);
            return header;
        }
        if (s.scanned >= ProxyHeaderDecoder.V1_MAX_LENGTH) {
            throw new ProxyProtocolException(
                    Reason.V1_TOO_LONG,
                    "no CRLF within the first " + ProxyHeaderDecoder.V1_MAX_LENGTH + " bytes of a v1 header");
        }
        return null;
    }

    /**
     * Takes {@code "PROXY TCP4 "} or {@code "PROXY TCP6 "} at once, in two reads of 8 bytes, when the line starts
     * with it; leaves anything else to be scanned byte by byte.
     */
    private static void usualStart(HeaderState s, ByteBuffer in, int base) {
        long head = in.getLong(base);
        long tail = in.getLong(base + USUAL_START_LENGTH - 8);
        if (in.order() != ByteOrder.BIG_ENDIAN) {
            head = Long.reverseBytes(head);
            tail = Long.reverseBytes(tail);
        }
        if (head == PROXY_TC && (tail == XY_TCP4 || tail == XY_TCP6)) {
            s.family = tail == XY_TCP4 ? '4' : '6';
            s.scanned = USUAL_START_LENGTH;
            startField(s, Phase.SOURCE_ADDRESS);
        }
    }

    private static long bigEndianLong(String eight) {
        return ByteBuffer.wrap(eight.getBytes(StandardCharsets.US_ASCII)).getLong();
    }

    // Each phase method checks the bytes of its phase from s.scanned on, stops at 'end' or at the end of its phase,
    // and leaves s.scanned at the next byte to check (or at the failing byte when it throws).

    private static void signature(HeaderState s, byte[] a, int off, int end, boolean accept)
            throws ProxyProtocolException {
        int last = Math.min(end, Signatures.V1_LENGTH);
        for (int i = s.scanned; i < last; i++) {
            byte b = a[off + i];
            if (!Signatures.v1At(i, b)) {
                s.scanned = i;
                throw Signatures.notProxy(i, b);
            }
        }
        s.scanned = last;
        if (last == Signatures.V1_LENGTH) {
            if (!accept) {
                s.scanned = last - 1;
                throw new ProxyProtocolException(
                        Reason.VERSION_NOT_ACCEPTED, "a v1 header, but this listener accepts only v2");
            }
            s.phase = Phase.FAMILY;
        }
    }

    /** {@code TCP4 }, {@code TCP6 }, {@code UNKNOWN } or {@code UNKNOWN\r}. */
    private static void family(HeaderState s, byte[] a, int off, int end) throws ProxyProtocolException {
        char family = s.family;
        for (int i = s.scanned; i < end; i++) {
            byte b = a[off + i];
            int k = i - Signatures.V1_LENGTH;
            int next = Phase.FAMILY;
            if (k == 0) {
                if (b != 'T' && b != 'U') {
                    throw malformedAt(s, i, EXPECTED_FAMILY);
                }
                family = (char) b;
            } else if (family == 'U') {
                if (k < UNKNOWN.length) {
                    if (b != UNKNOWN[k]) {
                        throw malformedAt(s, i, EXPECTED_FAMILY);
                    }
                } else if (b == ' ') {
                    next = Phase.UNKNOWN_REST;
                } else if (b == '\r') {
                    next = Phase.LINE_FEED;
                } else {
                    throw malformedAt(s, i, "expected a space or CRLF after UNKNOWN");
                }
            } else if (k < TCP.length) {
                if (b != TCP[k]) {
                    throw malformedAt(s, i, EXPECTED_FAMILY);
                }
            } else if (k == TCP.length) {
                if (b != '4' && b != '6') {
                    throw malformedAt(s, i, EXPECTED_FAMILY);
                }
                family = (char) b;
            } else if (b == ' ') {
                next = Phase.SOURCE_ADDRESS;
            } else {
                throw malformedAt(s, i, "expected a single space after TCP" + family);
            }
            if (next != Phase.FAMILY) {
                s.family = family;
                s.scanned = i + 1;
                startField(s, next);
                return;
            }
        }
        s.family = family;
        s.scanned = end;
    }

    /** Moves on to the next field, readying the reader of an address or a port. */
    private static void startField(HeaderState s, int next) {
        s.phase = next;
        if (next == Phase.SOURCE_ADDRESS || next == Phase.DESTINATION_ADDRESS) {
            if (s.family == '4') {
                s.ipv4Text().start();
            } else if (s.family == '6') {
                s.ipv6Text().start();
            }
        } else {
            s.number = -1;
        }
    }

    private static void address(HeaderState s, byte[] a, int off, int end, boolean source)
            throws ProxyProtocolException {
        if (s.family == '4') {
            ipv4(s, a, off, end, source);
        } else {
            ipv6(s, a, off, end, source);
        }
    }

    private static String addressName(boolean source) {
        return source ? "the source address" : "the destination address";
    }

    private static void ipv4(HeaderState s, byte[] a, int off, int end, boolean source) throws ProxyProtocolException {
        Ipv4TextScanner text = s.ipv4Text();
        byte[] out = source ? s.sourceV4 : s.destinationV4;
        int stop = text.scan(a, off + s.scanned, off + end, out, 0) - off;
        if (stop == end) {
            s.scanned = end;
            return;
        }
        byte b = a[off + stop];
        if (b != ' ' || !text.finish(out, 0)) {
            throw malformedAt(s, stop, addressName(source) + " " + text.problemWith(b));
        }
        s.scanned = stop + 1;
        startField(s, source ? Phase.DESTINATION_ADDRESS : Phase.SOURCE_PORT);
    }

    private static void ipv6(HeaderState s, byte[] a, int off, int end, boolean source) throws ProxyProtocolException {
        Ipv6TextScanner text = s.ipv6Text();
        byte[] out = source ? s.sourceV6() : s.destinationV6();
        int stop = text.scan(a, off + s.scanned, off + end, out) - off;
        if (stop == end) {
            s.scanned = end;
            return;
        }
        byte b = a[off + stop];
        if (b != ' ') {
            throw malformedAt(
                    s,
                    stop,
                    addressName(source)
                            + (Ipv6TextScanner.isText(b) && text.isFull()
                                    ? " is too long for an IPv6 address"
                                    : " has a character not allowed in an IPv6 address"));
        }
        if (!text.finish(out)) {
            throw malformedAt(s, stop, addressName(source) + " is not an IPv6 address");
        }
        s.scanned = stop + 1;
        startField(s, source ? Phase.DESTINATION_ADDRESS : Phase.SOURCE_PORT);
    }

    private static void port(HeaderState s, byte[] a, int off, int end, boolean source) throws ProxyProtocolException {
        int n = s.number;
        for (int i = s.scanned; i < end; i++) {
            byte b = a[off + i];
            int digit = b - '0';
            if (digit >= 0 && digit <= 9) {
                if (n == 0) {
                    throw malformedAt(s, i, portName(source) + " has a leading zero");
                }
                n = n < 0 ? digit : n * 10 + digit;
                if (n > 0xFFFF) {
                    throw malformedAt(s, i, portName(source) + " is above 65535");
                }
                continue;
            }
            if (n < 0) {
                throw malformedAt(s, i, portName(source) + " is missing or not a number");
            }
            if (source && b == ' ') {
                s.sourcePort = n;
                s.scanned = i + 1;
                startField(s, Phase.DESTINATION_PORT);
                return;
            }
            if (!source && b == '\r') {
                s.number = n;
                s.scanned = i + 1;
                s.phase = Phase.LINE_FEED;
                return;
            }
            throw malformedAt(s, i, "expected " + (source ? "a single space" : "CRLF") + " after " + portName(source));
        }
        s.number = n;
        s.scanned = end;
    }

    private static String portName(boolean source) {
        return source ? "the source port" : "the destination port";
    }

    private static void unknownRest(HeaderState s, byte[] a, int off, int end) throws ProxyProtocolException {
        for (int i = s.scanned; i < end; i++) {
            byte b = a[off + i];
            if (b == '\r') {
                s.scanned = i + 1;
                s.phase = Phase.LINE_FEED;
                return;
            }
            if (b == '\n') {
                throw malformedAt(s, i, "LF without CR");
            }
        }
        s.scanned = end;
    }

    private static void lineFeed(HeaderState s, byte b) throws ProxyProtocolException {
        if (b != '\n') {
            throw malformedAt(s, s.scanned, "CR not followed by LF");
        }
        s.scanned++;
        s.phase = Phase.DONE;
    }

    private static ProxyHeader header(HeaderState s) {
        if (s.family == 'U') {
            return UNKNOWN_HEADER;
        }
        boolean v4 = s.family == '4';
        byte[] source = v4 ? s.sourceV4 : s.sourceV6();
        byte[] destination = v4 ? s.destinationV4 : s.destinationV6();
        return new ProxyHeader(
                ProtocolVersion.V1,
                Command.PROXY,
                v4 ? AddressFamily.INET : AddressFamily.INET6,
                TransportProtocol.STREAM,
                new InetSocketAddress(IpAddresses.inetAddress(source), s.sourcePort),
                new InetSocketAddress(IpAddresses.inetAddress(destination), s.number),
                TlvList.EMPTY);
    }

    /** The failure at byte {@code index}, where scanning stops. */
    private static ProxyProtocolException malformedAt(HeaderState s, int index, String what) {
        s.scanned = index;
        return new ProxyProtocolException(Reason.V1_MALFORMED, "malformed v1 header at byte " + index + ": " + what);
    }
}
