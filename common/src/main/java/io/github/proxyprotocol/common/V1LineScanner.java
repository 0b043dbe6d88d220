package io.github.proxyprotocol.common;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Scans a v1 line byte by byte against the grammar of section 2.1, resuming where the last call stopped:
 * {@code PROXY TCP4|TCP6 <source> <destination> <source port> <destination port>\r\n} or {@code PROXY UNKNOWN ...\r\n}.
 * Digits only, no sign, no leading zero, numbers in range, single spaces, CRLF. Fails at the first byte that cannot be
 * part of a valid line. Keeps its progress in a {@link HeaderState}.
 */
final class V1LineScanner {
    /** The part of the line the next byte belongs to. */
    enum Phase {
        /** {@code "PROXY "}. */
        SIGNATURE,
        /** {@code TCP4}, {@code TCP6} or {@code UNKNOWN}, and what follows it. */
        FAMILY,
        SOURCE_ADDRESS,
        DESTINATION_ADDRESS,
        SOURCE_PORT,
        DESTINATION_PORT,
        /** The LF after the CR. */
        LINE_FEED,
        /** Whatever follows {@code UNKNOWN} up to the CR. */
        UNKNOWN_REST,
        /** The line is complete. */
        DONE
    }

    private static final byte[] UNKNOWN = "UNKNOWN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TCP = "TCP".getBytes(StandardCharsets.US_ASCII);
    private static final ProxyHeader UNKNOWN_HEADER =
            ProxyHeader.builder().version(ProtocolVersion.V1).build();
    private static final String EXPECTED_FAMILY = "expected TCP4, TCP6 or UNKNOWN after \"PROXY \"";

    private V1LineScanner() {}

    /** Scans the bytes not scanned yet: the header once the CRLF is in, the position just past it; else null. */
    static ProxyHeader scan(HeaderState s, ByteBuffer in, int available, boolean accept) throws ProxyProtocolException {
        int base = in.position();
        int end = Math.min(available, ProxyHeaderDecoder.V1_MAX_LENGTH);
        // Scan a byte array: the buffer's own, or a copy of the line for a direct buffer.
        boolean heap = in.hasArray();
        byte[] a = heap ? in.array() : s.lineCopy();
        int off = heap ? in.arrayOffset() + base : 0;
        if (!heap) {
            in.get(base + s.scanned, a, s.scanned, end - s.scanned);
        }
        while (s.scanned < end) {
            // An if chain on the phase, in line order: an enum switch costs a lookup table per field.
            Phase phase = s.phase;
            if (phase == Phase.SIGNATURE) {
                signature(s, a, off, end, accept);
            } else if (phase == Phase.FAMILY) {
                family(s, a, off, end);
            } else if (phase == Phase.SOURCE_ADDRESS || phase == Phase.DESTINATION_ADDRESS) {
                if (s.family == '4') {
                    ipv4(s, a, off, end);
                } else {
                    ipv6(s, a, off, end);
                }
            } else if (phase == Phase.SOURCE_PORT || phase == Phase.DESTINATION_PORT) {
                port(s, a, off, end);
            } else if (phase == Phase.LINE_FEED) {
                lineFeed(s, a[off + s.scanned]);
            } else if (phase == Phase.UNKNOWN_REST) {
                unknownRest(s, a, off, end);
            } else {
                throw new IllegalStateException("the line is complete");
            }
            if (s.phase == Phase.DONE) {
                ProxyHeader header = header(s);
                in.position(base + s.scanned);
                return header;
            }
        }
        if (s.scanned >= ProxyHeaderDecoder.V1_MAX_LENGTH) {
            throw new ProxyProtocolException(
                    Reason.V1_TOO_LONG,
                    "no CRLF within the first " + ProxyHeaderDecoder.V1_MAX_LENGTH + " bytes of a v1 header");
        }
        return null;
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
        for (; s.scanned < end && s.phase == Phase.FAMILY; s.scanned++) {
            byte b = a[off + s.scanned];
            int k = s.scanned - Signatures.V1_LENGTH;
            if (k == 0) {
                if (b != 'T' && b != 'U') {
                    throw malformedAt(s, s.scanned, EXPECTED_FAMILY);
                }
                s.family = (char) b;
            } else if (s.family == 'U') {
                if (k < UNKNOWN.length) {
                    if (b != UNKNOWN[k]) {
                        throw malformedAt(s, s.scanned, EXPECTED_FAMILY);
                    }
                } else if (b == ' ') {
                    s.phase = Phase.UNKNOWN_REST;
                } else if (b == '\r') {
                    s.phase = Phase.LINE_FEED;
                } else {
                    throw malformedAt(s, s.scanned, "expected a space or CRLF after UNKNOWN");
                }
            } else if (k < TCP.length) {
                if (b != TCP[k]) {
                    throw malformedAt(s, s.scanned, EXPECTED_FAMILY);
                }
            } else if (k == TCP.length) {
                if (b != '4' && b != '6') {
                    throw malformedAt(s, s.scanned, EXPECTED_FAMILY);
                }
                s.family = (char) b;
            } else if (b == ' ') {
                startField(s, Phase.SOURCE_ADDRESS);
            } else {
                throw malformedAt(s, s.scanned, "expected a single space after TCP" + s.family);
            }
        }
    }

    private static void startField(HeaderState s, Phase next) {
        s.phase = next;
        s.fieldLength = 0;
        s.number = 0;
        s.dots = 0;
    }

    private static void ipv4(HeaderState s, byte[] a, int off, int end) throws ProxyProtocolException {
        boolean source = s.phase == Phase.SOURCE_ADDRESS;
        String name = source ? "the source address" : "the destination address";
        byte[] out = source ? s.sourceV4 : s.destinationV4;
        int n = s.number;
        int length = s.fieldLength;
        int d = s.dots;
        for (int i = s.scanned; i < end; i++) {
            byte b = a[off + i];
            if (b >= '0' && b <= '9') {
                if (length > 0 && n == 0) {
                    throw malformedAt(s, i, name + " has a leading zero");
                }
                n = n * 10 + (b - '0');
                if (n > 255) {
                    throw malformedAt(s, i, name + " has a number above 255");
                }
                length++;
            } else if (b == '.') {
                if (length == 0 || d == 3) {
                    throw malformedAt(s, i, name + " is not a dotted quad");
                }
                out[d++] = (byte) n;
                length = 0;
                n = 0;
            } else if (b == ' ') {
                if (d != 3 || length == 0) {
                    throw malformedAt(s, i, name + " is not a dotted quad");
                }
                out[3] = (byte) n;
                s.scanned = i + 1;
                startField(s, source ? Phase.DESTINATION_ADDRESS : Phase.SOURCE_PORT);
                return;
            } else {
                throw malformedAt(s, i, name + " has a character not allowed in an IPv4 address");
            }
        }
        s.number = n;
        s.fieldLength = length;
        s.dots = d;
        s.scanned = end;
    }

    private static void ipv6(HeaderState s, byte[] a, int off, int end) throws ProxyProtocolException {
        boolean source = s.phase == Phase.SOURCE_ADDRESS;
        String name = source ? "the source address" : "the destination address";
        byte[] text = s.fieldText();
        int length = s.fieldLength;
        for (int i = s.scanned; i < end; i++) {
            byte b = a[off + i];
            if (b == ' ') {
                if (!IpAddresses.parseIpv6(text, 0, length, source ? s.sourceV6() : s.destinationV6())) {
                    throw malformedAt(s, i, name + " is not an IPv6 address");
                }
                s.scanned = i + 1;
                startField(s, source ? Phase.DESTINATION_ADDRESS : Phase.SOURCE_PORT);
                return;
            }
            if (IpAddresses.hexValue(b) < 0 && b != ':' && b != '.') {
                throw malformedAt(s, i, name + " has a character not allowed in an IPv6 address");
            }
            if (length == text.length) {
                throw malformedAt(s, i, name + " is too long for an IPv6 address");
            }
            text[length++] = b;
        }
        s.fieldLength = length;
        s.scanned = end;
    }

    private static void port(HeaderState s, byte[] a, int off, int end) throws ProxyProtocolException {
        boolean source = s.phase == Phase.SOURCE_PORT;
        String name = source ? "the source port" : "the destination port";
        int n = s.number;
        int length = s.fieldLength;
        for (int i = s.scanned; i < end; i++) {
            byte b = a[off + i];
            if (b >= '0' && b <= '9') {
                if (length > 0 && n == 0) {
                    throw malformedAt(s, i, name + " has a leading zero");
                }
                n = n * 10 + (b - '0');
                if (n > 0xFFFF) {
                    throw malformedAt(s, i, name + " is above 65535");
                }
                length++;
                continue;
            }
            if (length == 0) {
                throw malformedAt(s, i, name + " is missing or not a number");
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
            throw malformedAt(s, i, "expected " + (source ? "a single space" : "CRLF") + " after " + name);
        }
        s.number = n;
        s.fieldLength = length;
        s.scanned = end;
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
