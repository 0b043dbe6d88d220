package io.github.proxyprotocol.common;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * An incremental, I/O-free decoder of one PROXY protocol header (v1 text or v2 binary) at the start of a connection.
 *
 * <p>Each call to {@link #decode(ByteBuffer)} is given the bytes that have arrived so far, from the buffer's position
 * (the first byte of the connection) to its limit, with any new bytes appended since the last call. It returns
 * {@code null} while more bytes are needed, leaving the position alone; or the header, with the position moved just
 * past it and nothing after it consumed; or throws {@link ProxyProtocolException} as soon as the bytes cannot become a
 * valid header. Bytes already checked are not checked again, and nothing is allocated but the result.
 *
 * <p>{@link #readLimit(ByteBuffer)} tells how many more bytes may be read without passing the header's end, for
 * adapters that cannot push bytes back. One decoder serves one connection; {@link #reset()} readies it for the next.
 * Not thread safe.
 */
public final class ProxyHeaderDecoder {
    /** The longest v1 line, CRLF included. */
    public static final int V1_MAX_LENGTH = 107;
    /** The fixed part of a v2 header: signature, version and command, family, length. */
    public static final int V2_FIXED_LENGTH = 16;
    /** The smallest maximum header size a decoder accepts: a whole v1 line. */
    public static final int MIN_MAX_HEADER_SIZE = V1_MAX_LENGTH;
    /** The largest header v2 can describe. */
    public static final int MAX_MAX_HEADER_SIZE = V2_FIXED_LENGTH + 0xFFFF;

    private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] UNKNOWN = "UNKNOWN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TCP = "TCP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZEROS = new byte[4];

    /** What the first bytes of a connection are, without consuming them. */
    public enum Detection {
        /** Too few bytes to tell. */
        NEED_MORE,
        /** The v1 signature {@code "PROXY "}. */
        V1,
        /** The 12-byte v2 signature. */
        V2,
        /** Not a PROXY protocol signature. */
        NOT_PROXY
    }

    // v1 phases
    private static final int SIGNATURE = 0;
    private static final int FAMILY = 1;
    private static final int SOURCE_ADDRESS = 2;
    private static final int DESTINATION_ADDRESS = 3;
    private static final int SOURCE_PORT = 4;
    private static final int DESTINATION_PORT = 5;
    private static final int LINE_FEED = 6;
    private static final int UNKNOWN_REST = 7;

    private final int maxHeaderSize;
    private final boolean acceptV1;
    private final boolean acceptV2;

    private final byte[] sourceV4 = new byte[4];
    private final byte[] destinationV4 = new byte[4];
    private final byte[] sourceV6 = new byte[16];
    private final byte[] destinationV6 = new byte[16];
    private final byte[] fieldText = new byte[IpAddresses.MAX_IPV6_TEXT];
    private final byte[] lineCopy = new byte[V1_MAX_LENGTH];
    private CRC32C crc;

    // Per-header state, cleared by reset().
    private ProtocolVersion version;
    private int scanned;
    private int phase;
    private char v1Family;
    private int fieldLength;
    private int number;
    private int dots;
    private int sourcePort;
    private boolean complete;

    /** A decoder accepting both versions, up to {@code maxHeaderSize} bytes. */
    public ProxyHeaderDecoder(int maxHeaderSize) {
        this(maxHeaderSize, Set.of(ProtocolVersion.V1, ProtocolVersion.V2));
    }

    /**
     * A decoder accepting the given versions, up to {@code maxHeaderSize} bytes ({@value #MIN_MAX_HEADER_SIZE} to
     * {@value #MAX_MAX_HEADER_SIZE}).
     */
    public ProxyHeaderDecoder(int maxHeaderSize, Set<ProtocolVersion> versions) {
        if (maxHeaderSize < MIN_MAX_HEADER_SIZE || maxHeaderSize > MAX_MAX_HEADER_SIZE) {
            throw new IllegalArgumentException("maxHeaderSize must be " + MIN_MAX_HEADER_SIZE + " to "
                    + MAX_MAX_HEADER_SIZE + ": " + maxHeaderSize);
        }
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("accept at least one version");
        }
        this.maxHeaderSize = maxHeaderSize;
        this.acceptV1 = versions.contains(ProtocolVersion.V1);
        this.acceptV2 = versions.contains(ProtocolVersion.V2);
    }

    /** Forgets the header in progress, for the next connection. */
    public void reset() {
        version = null;
        scanned = 0;
        phase = SIGNATURE;
        v1Family = 0;
        fieldLength = 0;
        number = 0;
        dots = 0;
        sourcePort = 0;
        complete = false;
    }

    /** Whether a whole header has been decoded since the last reset. */
    public boolean isComplete() {
        return complete;
    }

    /**
     * Tells whether the bytes from the buffer's position start with a PROXY protocol signature. Consumes nothing.
     * Decides at the first byte that differs from both signatures.
     */
    public static Detection detect(ByteBuffer in) {
        int n = in.remaining();
        if (n == 0) {
            return Detection.NEED_MORE;
        }
        int p = in.position();
        byte first = in.get(p);
        byte[] signature = first == 'P' ? V1_SIGNATURE : first == 0x0D ? V2_SIGNATURE : null;
        if (signature == null) {
            return Detection.NOT_PROXY;
        }
        int check = Math.min(n, signature.length);
        for (int i = 1; i < check; i++) {
            if (in.get(p + i) != signature[i]) {
                return Detection.NOT_PROXY;
            }
        }
        if (n < signature.length) {
            return Detection.NEED_MORE;
        }
        return signature == V1_SIGNATURE ? Detection.V1 : Detection.V2;
    }

    /**
     * Decodes the header at the buffer's position.
     *
     * @return the header, with the position just past it; or {@code null} if more bytes are needed (position
     *     unchanged)
     * @throws ProxyProtocolException as soon as the bytes cannot start a valid, acceptable header
     */
    public ProxyHeader decode(ByteBuffer in) throws ProxyProtocolException {
        if (complete) {
            throw new IllegalStateException("a header was already decoded; reset() first");
        }
        int available = in.remaining();
        if (available == 0) {
            return null;
        }
        if (version == null) {
            byte first = in.get(in.position());
            if (first == 'P') {
                version = ProtocolVersion.V1;
            } else if (first == 0x0D) {
                version = ProtocolVersion.V2;
            } else {
                throw notProxy(first);
            }
        }
        ProxyHeader header = version == ProtocolVersion.V1 ? decodeV1(in, available) : decodeV2(in, available);
        if (header != null) {
            complete = true;
        }
        return header;
    }

    /**
     * How many more bytes may be read, on top of those from the buffer's position, without reading past the end of
     * the header: exact for v2 once its length is known, a safe lower bound otherwise; 0 once complete.
     */
    public int readLimit(ByteBuffer in) {
        if (complete) {
            return 0;
        }
        int have = in.remaining();
        int needed;
        if (version == null) {
            needed = Math.min(acceptV1 ? 15 : V2_FIXED_LENGTH, acceptV2 ? V2_FIXED_LENGTH : 15) - have;
        } else if (version == ProtocolVersion.V2) {
            needed = have < V2_FIXED_LENGTH ? V2_FIXED_LENGTH - have : V2_FIXED_LENGTH + v2Length(in) - have;
        } else {
            needed = Math.max(v1MinimumTotal() - have, v1MinimumRemaining() - (have - scanned));
        }
        return Math.max(needed, 1);
    }

    // ---- v1 ----------------------------------------------------------------------------------------------------

    private ProxyHeader decodeV1(ByteBuffer in, int available) throws ProxyProtocolException {
        int base = in.position();
        int end = Math.min(available, V1_MAX_LENGTH);
        // Scan a byte array: the buffer's own, or a copy of the line for a direct buffer.
        byte[] a;
        int off;
        if (in.hasArray()) {
            a = in.array();
            off = in.arrayOffset() + base;
        } else {
            a = lineCopy;
            off = 0;
            in.get(base + scanned, lineCopy, scanned, end - scanned);
        }
        while (scanned < end) {
            boolean lineComplete = switch (phase) {
                case SIGNATURE -> scanSignature(a, off, end);
                case FAMILY -> scanFamily(a, off, end);
                case SOURCE_ADDRESS, DESTINATION_ADDRESS ->
                    v1Family == '4' ? scanIpv4(a, off, end) : scanIpv6(a, off, end);
                case SOURCE_PORT, DESTINATION_PORT -> scanPort(a, off, end);
                case UNKNOWN_REST -> scanUnknown(a, off, end);
                case LINE_FEED -> lineFeed(a[off + scanned]);
                default -> throw new IllegalStateException("phase " + phase);
            };
            if (lineComplete) {
                ProxyHeader header = v1Header();
                in.position(base + scanned);
                return header;
            }
        }
        if (scanned >= V1_MAX_LENGTH) {
            throw new ProxyProtocolException(
                    Reason.V1_TOO_LONG, "no CRLF within the first " + V1_MAX_LENGTH + " bytes of a v1 header");
        }
        return null;
    }

    // Each scan method checks the bytes of its phase from 'scanned' on, stops at 'end' or at the end of its phase,
    // and leaves 'scanned' at the next byte to check (or at the failing byte when it throws).

    private boolean scanSignature(byte[] a, int off, int end) throws ProxyProtocolException {
        for (int i = scanned; i < end; i++) {
            byte b = a[off + i];
            if (b != V1_SIGNATURE[i]) {
                scanned = i;
                throw notProxy(b);
            }
            if (i == V1_SIGNATURE.length - 1) {
                scanned = i;
                if (!acceptV1) {
                    throw new ProxyProtocolException(
                            Reason.VERSION_NOT_ACCEPTED, "a v1 header, but this listener accepts only v2");
                }
                scanned = i + 1;
                phase = FAMILY;
                return false;
            }
        }
        scanned = end;
        return false;
    }

    private boolean scanFamily(byte[] a, int off, int end) throws ProxyProtocolException {
        while (scanned < end && phase == FAMILY) {
            stepFamily(a[off + scanned], scanned - V1_SIGNATURE.length);
            scanned++;
        }
        return false;
    }

    private void stepFamily(byte b, int k) throws ProxyProtocolException {
        if (k == 0) {
            if (b != 'T' && b != 'U') {
                throw v1Malformed("expected TCP4, TCP6 or UNKNOWN after \"PROXY \"");
            }
            v1Family = (char) b;
            return;
        }
        if (v1Family == 'U') {
            if (k < UNKNOWN.length) {
                if (b != UNKNOWN[k]) {
                    throw v1Malformed("expected TCP4, TCP6 or UNKNOWN after \"PROXY \"");
                }
            } else if (b == ' ') {
                phase = UNKNOWN_REST;
            } else if (b == '\r') {
                phase = LINE_FEED;
            } else {
                throw v1Malformed("expected a space or CRLF after UNKNOWN");
            }
            return;
        }
        if (k < TCP.length) {
            if (b != TCP[k]) {
                throw v1Malformed("expected TCP4, TCP6 or UNKNOWN after \"PROXY \"");
            }
        } else if (k == TCP.length) {
            if (b != '4' && b != '6') {
                throw v1Malformed("expected TCP4, TCP6 or UNKNOWN after \"PROXY \"");
            }
            v1Family = (char) b;
        } else if (b == ' ') {
            startField(SOURCE_ADDRESS);
        } else {
            throw v1Malformed("expected a single space after TCP" + v1Family);
        }
    }

    private void startField(int next) {
        phase = next;
        fieldLength = 0;
        number = 0;
        dots = 0;
    }

    private boolean scanIpv4(byte[] a, int off, int end) throws ProxyProtocolException {
        boolean source = phase == SOURCE_ADDRESS;
        byte[] out = source ? sourceV4 : destinationV4;
        int n = number;
        int length = fieldLength;
        int d = dots;
        for (int i = scanned; i < end; i++) {
            byte b = a[off + i];
            if (b >= '0' && b <= '9') {
                if (length > 0 && n == 0) {
                    throw malformedAt(i, addressName(source) + " has a leading zero");
                }
                n = n * 10 + (b - '0');
                if (n > 255) {
                    throw malformedAt(i, addressName(source) + " has a number above 255");
                }
                length++;
            } else if (b == '.') {
                if (length == 0 || d == 3) {
                    throw malformedAt(i, addressName(source) + " is not a dotted quad");
                }
                out[d++] = (byte) n;
                length = 0;
                n = 0;
            } else if (b == ' ') {
                if (d != 3 || length == 0) {
                    throw malformedAt(i, addressName(source) + " is not a dotted quad");
                }
                out[3] = (byte) n;
                scanned = i + 1;
                startField(source ? DESTINATION_ADDRESS : SOURCE_PORT);
                return false;
            } else {
                throw malformedAt(i, addressName(source) + " has a character not allowed in an IPv4 address");
            }
        }
        number = n;
        fieldLength = length;
        dots = d;
        scanned = end;
        return false;
    }

    private boolean scanIpv6(byte[] a, int off, int end) throws ProxyProtocolException {
        boolean source = phase == SOURCE_ADDRESS;
        int length = fieldLength;
        for (int i = scanned; i < end; i++) {
            byte b = a[off + i];
            if (b == ' ') {
                if (!IpAddresses.parseIpv6(fieldText, 0, length, source ? sourceV6 : destinationV6)) {
                    throw malformedAt(i, addressName(source) + " is not an IPv6 address");
                }
                scanned = i + 1;
                startField(source ? DESTINATION_ADDRESS : SOURCE_PORT);
                return false;
            }
            if (IpAddresses.hexValue(b) < 0 && b != ':' && b != '.') {
                throw malformedAt(i, addressName(source) + " has a character not allowed in an IPv6 address");
            }
            if (length == fieldText.length) {
                throw malformedAt(i, addressName(source) + " is too long for an IPv6 address");
            }
            fieldText[length++] = b;
        }
        fieldLength = length;
        scanned = end;
        return false;
    }

    private static String addressName(boolean source) {
        return source ? "the source address" : "the destination address";
    }

    private boolean scanPort(byte[] a, int off, int end) throws ProxyProtocolException {
        boolean source = phase == SOURCE_PORT;
        int n = number;
        int length = fieldLength;
        for (int i = scanned; i < end; i++) {
            byte b = a[off + i];
            if (b >= '0' && b <= '9') {
                if (length > 0 && n == 0) {
                    throw malformedAt(i, (source ? "the source port" : "the destination port") + " has a leading zero");
                }
                n = n * 10 + (b - '0');
                if (n > 0xFFFF) {
                    throw malformedAt(i, (source ? "the source port" : "the destination port") + " is above 65535");
                }
                length++;
                continue;
            }
            if (length == 0) {
                throw malformedAt(
                        i, (source ? "the source port" : "the destination port") + " is missing or not a number");
            }
            if (source && b == ' ') {
                sourcePort = n;
                scanned = i + 1;
                startField(DESTINATION_PORT);
                return false;
            }
            if (!source && b == '\r') {
                number = n;
                scanned = i + 1;
                phase = LINE_FEED;
                return false;
            }
            throw malformedAt(
                    i,
                    source
                            ? "expected a single space after the source port"
                            : "expected CRLF after the destination port");
        }
        number = n;
        fieldLength = length;
        scanned = end;
        return false;
    }

    private boolean scanUnknown(byte[] a, int off, int end) throws ProxyProtocolException {
        for (int i = scanned; i < end; i++) {
            byte b = a[off + i];
            if (b == '\r') {
                scanned = i + 1;
                phase = LINE_FEED;
                return false;
            }
            if (b == '\n') {
                throw malformedAt(i, "LF without CR");
            }
        }
        scanned = end;
        return false;
    }

    private boolean lineFeed(byte b) throws ProxyProtocolException {
        if (b != '\n') {
            throw v1Malformed("CR not followed by LF");
        }
        scanned++;
        return true;
    }

    private ProxyProtocolException malformedAt(int index, String what) {
        scanned = index;
        return v1Malformed(what);
    }

    private ProxyHeader v1Header() throws ProxyProtocolException {
        if (v1Family == 'U') {
            return new ProxyHeader(
                    ProtocolVersion.V1,
                    Command.PROXY,
                    AddressFamily.UNSPEC,
                    TransportProtocol.UNSPEC,
                    null,
                    null,
                    List.of());
        }
        boolean v4 = v1Family == '4';
        InetAddress source = v4 ? inet4(sourceV4) : inet6(sourceV6);
        InetAddress destination = v4 ? inet4(destinationV4) : inet6(destinationV6);
        return new ProxyHeader(
                ProtocolVersion.V1,
                Command.PROXY,
                v4 ? AddressFamily.INET : AddressFamily.INET6,
                TransportProtocol.STREAM,
                new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, number),
                List.of());
    }

    /** The shortest whole line the family read so far allows. */
    private int v1MinimumTotal() {
        return switch (v1Family) {
            case '4' -> 32; // PROXY TCP4 0.0.0.0 0.0.0.0 0 0\r\n
            case 'T', '6' -> 22; // PROXY TCP6 :: :: 0 0\r\n
            default -> 15; // PROXY UNKNOWN\r\n
        };
    }

    /** The fewest bytes the fields after the last scanned byte still need. */
    private int v1MinimumRemaining() {
        int address = v1Family == '4' ? 7 : 2;
        int current = switch (phase) {
            case SOURCE_ADDRESS, DESTINATION_ADDRESS ->
                v1Family == '4' ? (fieldLength == 0 ? 1 : 0) + (3 - dots) * 2 : (fieldLength == 0 ? 2 : 0);
            case SOURCE_PORT, DESTINATION_PORT -> fieldLength == 0 ? 1 : 0;
            default -> 0;
        };
        return switch (phase) {
            case SOURCE_ADDRESS -> current + 1 + address + 1 + 1 + 1 + 1 + 2;
            case DESTINATION_ADDRESS -> current + 1 + 1 + 1 + 1 + 2;
            case SOURCE_PORT -> current + 1 + 1 + 2;
            case DESTINATION_PORT -> current + 2;
            case LINE_FEED -> 1;
            default -> 2;
        };
    }

    private ProxyProtocolException v1Malformed(String what) {
        return new ProxyProtocolException(Reason.V1_MALFORMED, "malformed v1 header at byte " + scanned + ": " + what);
    }

    // ---- v2 ----------------------------------------------------------------------------------------------------

    private ProxyHeader decodeV2(ByteBuffer in, int available) throws ProxyProtocolException {
        int base = in.position();
        if (scanned == 0 && available >= V2_SIGNATURE.length && hasV2Signature(in, base)) {
            scanned = V2_SIGNATURE.length;
        }
        int signatureEnd = Math.min(available, V2_SIGNATURE.length);
        for (; scanned < signatureEnd; scanned++) {
            byte b = in.get(base + scanned);
            if (b != V2_SIGNATURE[scanned]) {
                throw notProxy(b);
            }
        }
        if (scanned < V2_SIGNATURE.length) {
            return null;
        }
        if (!acceptV2) {
            throw new ProxyProtocolException(
                    Reason.VERSION_NOT_ACCEPTED, "a v2 header, but this listener accepts only v1");
        }
        if (available > 12 && scanned == 12) {
            int versionAndCommand = in.get(base + 12) & 0xFF;
            if (versionAndCommand >> 4 != 2) {
                throw new ProxyProtocolException(
                        Reason.V2_UNSUPPORTED_VERSION,
                        "v2 signature with version " + (versionAndCommand >> 4) + " instead of 2");
            }
            if (Command.fromCode(versionAndCommand & 0x0F) == null) {
                throw new ProxyProtocolException(
                        Reason.V2_UNSUPPORTED_COMMAND, "v2 command 0x" + Integer.toHexString(versionAndCommand & 0x0F));
            }
            scanned = 13;
        }
        if (available > 13 && scanned == 13) {
            int familyAndTransport = in.get(base + 13) & 0xFF;
            if (!validFamily(familyAndTransport) || (familyAndTransport == 0 && command(in, base) == Command.PROXY)) {
                throw new ProxyProtocolException(
                        Reason.V2_UNSUPPORTED_FAMILY,
                        String.format(
                                "v2 family and transport 0x%02X with command %s",
                                familyAndTransport, command(in, base)));
            }
            scanned = 14;
        }
        if (available < V2_FIXED_LENGTH) {
            return null;
        }
        int length = v2Length(in);
        if (scanned == 14) {
            if (V2_FIXED_LENGTH + length > maxHeaderSize) {
                throw new ProxyProtocolException(
                        Reason.HEADER_TOO_LARGE,
                        "v2 header of " + (V2_FIXED_LENGTH + length) + " bytes is above the maximum of "
                                + maxHeaderSize);
            }
            AddressFamily family = AddressFamily.fromCode((in.get(base + 13) & 0xFF) >> 4);
            // A LOCAL header's block is never read, so its length need not make room for one.
            if (command(in, base) == Command.PROXY && length < family.blockLength()) {
                throw new ProxyProtocolException(
                        Reason.V2_TRUNCATED_ADDRESSES,
                        "v2 length " + length + " is shorter than the " + family.blockLength() + "-byte " + family
                                + " address block");
            }
            scanned = V2_FIXED_LENGTH;
        }
        if (available < V2_FIXED_LENGTH + length) {
            return null;
        }
        ProxyHeader header = v2Header(in, base, length);
        in.position(base + V2_FIXED_LENGTH + length);
        return header;
    }

    private static final long V2_SIGNATURE_HEAD = 0x0D0A0D0A000D0A51L;
    private static final int V2_SIGNATURE_TAIL = 0x5549540A;

    /** Checks the 12 signature bytes at once; on a mismatch the byte-wise loop finds the first bad byte. */
    private static boolean hasV2Signature(ByteBuffer in, int base) {
        long head = in.getLong(base);
        int tail = in.getInt(base + 8);
        if (in.order() != ByteOrder.BIG_ENDIAN) {
            head = Long.reverseBytes(head);
            tail = Integer.reverseBytes(tail);
        }
        return head == V2_SIGNATURE_HEAD && tail == V2_SIGNATURE_TAIL;
    }

    private static boolean validFamily(int b) {
        return switch (b) {
            case 0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32 -> true;
            default -> false;
        };
    }

    private static Command command(ByteBuffer in, int base) {
        return Command.fromCode(in.get(base + 12) & 0x0F);
    }

    private static int v2Length(ByteBuffer in) {
        int p = in.position();
        return ((in.get(p + 14) & 0xFF) << 8) | (in.get(p + 15) & 0xFF);
    }

    private ProxyHeader v2Header(ByteBuffer in, int base, int length) throws ProxyProtocolException {
        Command command = command(in, base);
        int familyAndTransport = in.get(base + 13) & 0xFF;
        AddressFamily family = AddressFamily.fromCode(familyAndTransport >> 4);
        TransportProtocol transport = TransportProtocol.fromCode(familyAndTransport & 0x0F);
        int p = base + V2_FIXED_LENGTH;
        int end = p + length;
        if (command == Command.LOCAL) {
            List<Tlv> tlvs = readTlvs(in, localTlvStart(in, base, family, length), end, base);
            return new ProxyHeader(ProtocolVersion.V2, command, family, transport, null, null, tlvs);
        }
        SocketAddress source = null;
        SocketAddress destination = null;
        switch (family) {
            case INET, INET6 -> {
                int n = family.addressLength();
                boolean v4 = family == AddressFamily.INET;
                byte[] s = v4 ? sourceV4 : sourceV6;
                byte[] d = v4 ? destinationV4 : destinationV6;
                in.get(p, s);
                in.get(p + n, d);
                int sourcePortValue = unsignedShort(in, p + 2 * n);
                int destinationPortValue = unsignedShort(in, p + 2 * n + 2);
                source = new InetSocketAddress(v4 ? inet4(s) : inet6(s), sourcePortValue);
                destination = new InetSocketAddress(v4 ? inet4(d) : inet6(d), destinationPortValue);
            }
            case UNIX -> {
                source = unixAddress(in, p);
                destination = unixAddress(in, p + AddressFamily.UNIX.addressLength());
            }
            default -> {}
        }
        List<Tlv> tlvs = readTlvs(in, p + family.blockLength(), end, base);
        return new ProxyHeader(ProtocolVersion.V2, command, family, transport, source, destination, tlvs);
    }

    /**
     * Where a LOCAL header's TLVs start. Its block is never read as addresses, whatever the family byte says (the
     * receiver must "discard the protocol block including the family"). With UNSPEC there is none. Otherwise the
     * senders differ: AWS NLB's health checks say TCP4 yet send no block, the TLVs right after the fixed part; others
     * send the family's block. The TLVs start right after the fixed part when the bytes there are a well-formed TLV
     * list ending exactly at the header's end, else after the block when there is room for it and the rest is one.
     */
    private static int localTlvStart(ByteBuffer in, int base, AddressFamily family, int length)
            throws ProxyProtocolException {
        int p = base + V2_FIXED_LENGTH;
        int end = p + length;
        if (family == AddressFamily.UNSPEC || wellFormedTlvs(in, p, end)) {
            return p;
        }
        int block = family.blockLength();
        if (length >= block && wellFormedTlvs(in, p + block, end)) {
            return p + block;
        }
        throw new ProxyProtocolException(
                Reason.TLV_MALFORMED,
                "the " + length + " bytes after a LOCAL " + family + " header's fixed part are neither TLVs nor a "
                        + block + "-byte block followed by TLVs");
    }

    /**
     * Whether the bytes from {@code start} to {@code end} are TLVs that {@link #readTlvs} accepts, the checksum
     * aside: each within the bounds, a CRC32C of 4 bytes and only one, a UNIQUE_ID of at most 128 bytes, an SSL TLV
     * with well-formed sub-TLVs. Allocates nothing.
     */
    private static boolean wellFormedTlvs(ByteBuffer in, int start, int end) {
        boolean crcSeen = false;
        int i = start;
        while (i < end) {
            if (end - i < 3) {
                return false;
            }
            int type = in.get(i) & 0xFF;
            int length = unsignedShort(in, i + 1);
            if (length > end - i - 3) {
                return false;
            }
            switch (type) {
                case TlvType.CRC32C -> {
                    if (length != 4 || crcSeen) {
                        return false;
                    }
                    crcSeen = true;
                }
                case TlvType.UNIQUE_ID -> {
                    if (length > TlvType.UNIQUE_ID_MAX_LENGTH) {
                        return false;
                    }
                }
                case TlvType.SSL -> {
                    if (!wellFormedSsl(in, i + 3, i + 3 + length)) {
                        return false;
                    }
                }
                default -> {}
            }
            i += 3 + length;
        }
        return true;
    }

    /** {@link #checkSsl} on the value from {@code start} to {@code end}, without throwing or copying. */
    private static boolean wellFormedSsl(ByteBuffer in, int start, int end) {
        if (end - start < 5) {
            return false;
        }
        int i = start + 5;
        while (i < end) {
            if (end - i < 3) {
                return false;
            }
            int length = unsignedShort(in, i + 1);
            if (length > end - i - 3) {
                return false;
            }
            i += 3 + length;
        }
        return true;
    }

    private List<Tlv> readTlvs(ByteBuffer in, int start, int end, int base) throws ProxyProtocolException {
        if (start == end) {
            return List.of();
        }
        List<Tlv> tlvs = new ArrayList<>(4);
        int crcValueAt = -1;
        int i = start;
        while (i < end) {
            if (end - i < 3) {
                throw new ProxyProtocolException(
                        Reason.TLV_MALFORMED, "v2 header ends inside a TLV's type and length at byte " + (i - base));
            }
            int type = in.get(i) & 0xFF;
            int length = unsignedShort(in, i + 1);
            if (length > end - i - 3) {
                throw new ProxyProtocolException(
                        Reason.TLV_MALFORMED,
                        String.format(
                                "TLV 0x%02X at byte %d says %d bytes but the header has %d left",
                                type, i - base, length, end - i - 3));
            }
            byte[] value = new byte[length];
            in.get(i + 3, value);
            switch (type) {
                case TlvType.CRC32C -> {
                    if (length != 4 || crcValueAt >= 0) {
                        throw new ProxyProtocolException(
                                Reason.TLV_MALFORMED,
                                crcValueAt >= 0
                                        ? "two CRC32C TLVs"
                                        : "CRC32C TLV of " + length + " bytes instead of 4");
                    }
                    crcValueAt = i + 3;
                }
                case TlvType.UNIQUE_ID -> {
                    if (length > TlvType.UNIQUE_ID_MAX_LENGTH) {
                        throw new ProxyProtocolException(
                                Reason.TLV_MALFORMED, "UNIQUE_ID TLV of " + length + " bytes, above 128");
                    }
                }
                case TlvType.SSL -> checkSsl(value);
                default -> {}
            }
            tlvs.add(Tlv.wrap(type, value));
            i += 3 + length;
        }
        if (crcValueAt >= 0) {
            verifyCrc(in, base, end, crcValueAt);
        }
        return Collections.unmodifiableList(tlvs);
    }

    private static void checkSsl(byte[] v) throws ProxyProtocolException {
        if (v.length < 5) {
            throw new ProxyProtocolException(
                    Reason.TLV_MALFORMED, "SSL TLV is " + v.length + " bytes, shorter than its 5-byte fixed part");
        }
        int i = 5;
        while (i < v.length) {
            if (v.length - i < 3) {
                throw new ProxyProtocolException(
                        Reason.TLV_MALFORMED, "SSL TLV ends inside a sub-TLV's type and length");
            }
            int length = ((v[i + 1] & 0xFF) << 8) | (v[i + 2] & 0xFF);
            if (length > v.length - i - 3) {
                throw new ProxyProtocolException(
                        Reason.TLV_MALFORMED,
                        String.format(
                                "SSL sub-TLV 0x%02X says %d bytes but only %d remain",
                                v[i] & 0xFF, length, v.length - i - 3));
            }
            i += 3 + length;
        }
    }

    private void verifyCrc(ByteBuffer in, int base, int end, int crcValueAt) throws ProxyProtocolException {
        CRC32C c = crc == null ? (crc = new CRC32C()) : crc;
        c.reset();
        int position = in.position();
        int limit = in.limit();
        try {
            in.position(base).limit(crcValueAt);
            c.update(in);
            c.update(ZEROS, 0, 4);
            in.limit(end).position(crcValueAt + 4);
            c.update(in);
        } finally {
            in.limit(limit).position(position);
        }
        int received = in.getInt(crcValueAt);
        int expected = (int) c.getValue();
        if (in.order() != ByteOrder.BIG_ENDIAN) {
            received = Integer.reverseBytes(received);
        }
        if (received != expected) {
            throw new ProxyProtocolException(
                    Reason.CRC32C_MISMATCH,
                    String.format("CRC32C of the header is 0x%08X but its TLV says 0x%08X", expected, received));
        }
    }

    private static int unsignedShort(ByteBuffer in, int at) {
        return ((in.get(at) & 0xFF) << 8) | (in.get(at + 1) & 0xFF);
    }

    private static SocketAddress unixAddress(ByteBuffer in, int at) throws ProxyProtocolException {
        int n = AddressFamily.UNIX.addressLength();
        byte[] raw = new byte[n];
        in.get(at, raw);
        int start = 0;
        String prefix = "";
        if (raw[0] == 0) {
            // Linux abstract namespace: a leading NUL, shown as '@'
            start = 1;
            prefix = "@";
        }
        int end = start;
        while (end < n && raw[end] != 0) {
            end++;
        }
        if (start == 1 && end == 1) {
            prefix = "";
        }
        try {
            return UnixDomainSocketAddress.of(prefix + new String(raw, start, end - start, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ProxyProtocolException(Reason.V2_TRUNCATED_ADDRESSES, "unusable AF_UNIX path: " + e.getMessage());
        }
    }

    private static InetAddress inet4(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An IPv6 address; an IPv4-mapped one ({@code ::ffff:a.b.c.d}) as its {@link java.net.Inet4Address}, as Java
     * reports an IPv4 client on a dual-stack socket and as a direct IPv4 client would be reported.
     */
    private static InetAddress inet6(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private ProxyProtocolException notProxy(byte b) {
        return new ProxyProtocolException(
                Reason.NOT_PROXY_PROTOCOL,
                String.format("byte %d is 0x%02X, not part of a PROXY protocol signature", scanned, b & 0xFF));
    }
}
