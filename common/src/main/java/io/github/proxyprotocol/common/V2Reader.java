package io.github.proxyprotocol.common;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads a v2 header (section 2.2) in steps, each taken once its bytes have arrived and failing as soon as they cannot
 * be valid: the signature, the version and command, the family and transport, the length, then the body (addresses
 * and TLVs) once all of it is there. Keeps its progress in a {@link HeaderState}.
 */
final class V2Reader {
    /**
     * The next part of the header to check. An {@code int}, not an enum, for the reason given at
     * {@link V1LineScanner.Phase}.
     */
    static final class Step {
        static final int SIGNATURE = 0;
        static final int VERSION_AND_COMMAND = 1;
        static final int FAMILY_AND_TRANSPORT = 2;
        static final int LENGTH = 3;
        static final int BODY = 4;

        private Step() {}
    }

    private static final int VERSION_AND_COMMAND_AT = Signatures.V2_LENGTH;
    private static final int FAMILY_AND_TRANSPORT_AT = VERSION_AND_COMMAND_AT + 1;
    private static final int LENGTH_AT = FAMILY_AND_TRANSPORT_AT + 1;
    private static final byte[] ZEROS = new byte[4];

    private V2Reader() {}

    /**
     * Takes the steps that the bytes up to {@code available} from the buffer's position allow.
     *
     * @return the header, with the position just past it; or {@code null} if more bytes are needed
     */
    static ProxyHeader read(HeaderState s, ByteBuffer in, int available, boolean accept, int maxHeaderSize)
            throws ProxyProtocolException {
        int base = in.position();
        if (s.step == Step.SIGNATURE) {
            if (!signature(s, in, base, available)) {
                return null;
            }
            if (!accept) {
                throw new ProxyProtocolException(
                        Reason.VERSION_NOT_ACCEPTED, "a v2 header, but this listener accepts only v1");
            }
            s.step = Step.VERSION_AND_COMMAND;
        }
        if (s.step == Step.VERSION_AND_COMMAND) {
            if (available <= VERSION_AND_COMMAND_AT) {
                return null;
            }
            checkVersionAndCommand(in.get(base + VERSION_AND_COMMAND_AT) & 0xFF);
            s.step = Step.FAMILY_AND_TRANSPORT;
        }
        if (s.step == Step.FAMILY_AND_TRANSPORT) {
            if (available <= FAMILY_AND_TRANSPORT_AT) {
                return null;
            }
            checkFamilyAndTransport(in, base);
            s.step = Step.LENGTH;
        }
        if (available < ProxyHeaderDecoder.V2_FIXED_LENGTH) {
            return null;
        }
        int length = TlvWalker.unsignedShort(in, base + LENGTH_AT);
        if (s.step == Step.LENGTH) {
            checkLength(in, base, length, maxHeaderSize);
            s.step = Step.BODY;
        }
        if (available < ProxyHeaderDecoder.V2_FIXED_LENGTH + length) {
            return null;
        }
        ProxyHeader header = body(s, in, base, length);
        in.position(base + ProxyHeaderDecoder.V2_FIXED_LENGTH + length);
        return header;
    }

    /** Checks the signature bytes not checked yet; whether all 12 are there. */
    private static boolean signature(HeaderState s, ByteBuffer in, int base, int available)
            throws ProxyProtocolException {
        if (s.scanned == 0 && available >= Signatures.V2_LENGTH && Signatures.isV2(in, base)) {
            s.scanned = Signatures.V2_LENGTH;
        }
        int end = Math.min(available, Signatures.V2_LENGTH);
        for (; s.scanned < end; s.scanned++) {
            byte b = in.get(base + s.scanned);
            if (!Signatures.v2At(s.scanned, b)) {
                throw Signatures.notProxy(s.scanned, b);
            }
        }
        return s.scanned == Signatures.V2_LENGTH;
    }

    private static void checkVersionAndCommand(int b) throws ProxyProtocolException {
        if (b >> 4 != 2) {
            throw new ProxyProtocolException(
                    Reason.V2_UNSUPPORTED_VERSION, "v2 signature with version " + (b >> 4) + " instead of 2");
        }
        if (Command.byCode(b & 0x0F) == null) {
            throw new ProxyProtocolException(
                    Reason.V2_UNSUPPORTED_COMMAND, "v2 command 0x" + Integer.toHexString(b & 0x0F));
        }
    }

    private static void checkFamilyAndTransport(ByteBuffer in, int base) throws ProxyProtocolException {
        int b = in.get(base + FAMILY_AND_TRANSPORT_AT) & 0xFF;
        boolean known = switch (b) {
            case 0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32 -> true;
            default -> false;
        };
        if (!known || (b == 0 && command(in, base) == Command.PROXY)) {
            throw new ProxyProtocolException(
                    Reason.V2_UNSUPPORTED_FAMILY,
                    String.format("v2 family and transport 0x%02X with command %s", b, command(in, base)));
        }
    }

    private static void checkLength(ByteBuffer in, int base, int length, int maxHeaderSize)
            throws ProxyProtocolException {
        int total = ProxyHeaderDecoder.V2_FIXED_LENGTH + length;
        if (total > maxHeaderSize) {
            throw new ProxyProtocolException(
                    Reason.HEADER_TOO_LARGE,
                    "v2 header of " + total + " bytes is above the maximum of " + maxHeaderSize);
        }
        AddressFamily family = family(in, base);
        // A LOCAL header's block is never read, so its length need not make room for one.
        if (command(in, base) == Command.PROXY && length < family.blockLength()) {
            throw new ProxyProtocolException(
                    Reason.V2_TRUNCATED_ADDRESSES,
                    "v2 length " + length + " is shorter than the " + family.blockLength() + "-byte " + family
                            + " address block");
        }
    }

    private static Command command(ByteBuffer in, int base) {
        return Command.byCode(in.get(base + VERSION_AND_COMMAND_AT) & 0x0F);
    }

    private static AddressFamily family(ByteBuffer in, int base) {
        return AddressFamily.byCode((in.get(base + FAMILY_AND_TRANSPORT_AT) & 0xFF) >> 4);
    }

    /** The addresses and TLVs, all {@code length} bytes of them being there. */
    private static ProxyHeader body(HeaderState s, ByteBuffer in, int base, int length) throws ProxyProtocolException {
        Command command = command(in, base);
        AddressFamily family = family(in, base);
        TransportProtocol transport = TransportProtocol.byCode(in.get(base + FAMILY_AND_TRANSPORT_AT) & 0x0F);
        int p = base + ProxyHeaderDecoder.V2_FIXED_LENGTH;
        int end = p + length;
        if (command == Command.LOCAL) {
            TlvList tlvs = tlvs(s, in, localTlvStart(in, p, end, family), end, base);
            return new ProxyHeader(ProtocolVersion.V2, command, family, transport, null, null, tlvs);
        }
        SocketAddress source = null;
        SocketAddress destination = null;
        switch (family) {
            case INET, INET6 -> {
                int n = family.addressLength();
                boolean v4 = family == AddressFamily.INET;
                byte[] sourceBytes = v4 ? s.sourceV4 : s.sourceV6();
                byte[] destinationBytes = v4 ? s.destinationV4 : s.destinationV6();
                in.get(p, sourceBytes);
                in.get(p + n, destinationBytes);
                int sourcePort = TlvWalker.unsignedShort(in, p + 2 * n);
                int destinationPort = TlvWalker.unsignedShort(in, p + 2 * n + 2);
                source = new InetSocketAddress(IpAddresses.inetAddress(sourceBytes), sourcePort);
                destination = new InetSocketAddress(IpAddresses.inetAddress(destinationBytes), destinationPort);
            }
            case UNIX -> {
                source = unixAddress(in, p);
                destination = unixAddress(in, p + AddressFamily.UNIX.addressLength());
            }
            default -> {}
        }
        TlvList tlvs = tlvs(s, in, p + family.blockLength(), end, base);
        return new ProxyHeader(ProtocolVersion.V2, command, family, transport, source, destination, tlvs);
    }

    /**
     * Where a LOCAL header's TLVs start. Its block is never read as addresses, whatever the family byte says (the
     * receiver must "discard the protocol block including the family"). With UNSPEC there is none. Otherwise the
     * senders differ: AWS NLB's health checks say TCP4 yet send no block, the TLVs right after the fixed part; others
     * send the family's block. The TLVs start right after the fixed part when the bytes there are a well-formed TLV
     * list ending exactly at the header's end, else after the block when there is room for it and the rest is one.
     */
    private static int localTlvStart(ByteBuffer in, int p, int end, AddressFamily family)
            throws ProxyProtocolException {
        if (family == AddressFamily.UNSPEC || TlvWalker.wellFormed(in, p, end)) {
            return p;
        }
        int block = family.blockLength();
        if (end - p >= block && TlvWalker.wellFormed(in, p + block, end)) {
            return p + block;
        }
        throw new ProxyProtocolException(
                Reason.TLV_MALFORMED,
                "the " + (end - p) + " bytes after a LOCAL " + family + " header's fixed part are neither TLVs nor a "
                        + block + "-byte block followed by TLVs");
    }

    /** The TLVs from {@code start} to {@code end}, their CRC32C verified. */
    private static TlvList tlvs(HeaderState s, ByteBuffer in, int start, int end, int base)
            throws ProxyProtocolException {
        if (start == end) {
            return TlvList.EMPTY;
        }
        TlvList tlvs = new TlvList();
        int crcValueAt = TlvWalker.walk(in, start, end, base, tlvs);
        if (crcValueAt != TlvWalker.NO_CRC) {
            verifyCrc(s.crc(), in, base, end, crcValueAt);
        }
        return tlvs;
    }

    /** Checks the CRC32C of the header from {@code base} to {@code end}, its own value counted as zeros. */
    private static void verifyCrc(CRC32C crc, ByteBuffer in, int base, int end, int crcValueAt)
            throws ProxyProtocolException {
        int position = in.position();
        int limit = in.limit();
        try {
            in.position(base).limit(crcValueAt);
            crc.update(in);
            crc.update(ZEROS, 0, 4);
            in.limit(end).position(crcValueAt + 4);
            crc.update(in);
        } finally {
            in.limit(limit).position(position);
        }
        int received = in.getInt(crcValueAt);
        int expected = (int) crc.getValue();
        if (in.order() != ByteOrder.BIG_ENDIAN) {
            received = Integer.reverseBytes(received);
        }
        if (received != expected) {
            throw new ProxyProtocolException(
                    Reason.CRC32C_MISMATCH,
                    String.format("CRC32C of the header is 0x%08X but its TLV says 0x%08X", expected, received));
        }
    }

    /** An AF_UNIX address of 108 bytes: a path up to its first NUL; a leading NUL for Linux's abstract namespace. */
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
}
