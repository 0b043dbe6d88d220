package io.github.proxyprotocol.common;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes a {@link ProxyHeader} in its version's wire format: the v1 line or the v2 binary header with its TLVs,
 * filling in the checksum of a CRC32C TLV. A v2 LOCAL header is written with its family byte, no address block and
 * its TLVs. For tests, the demo client and Java clients that send headers.
 */
public final class ProxyHeaderEncoder {
    private ProxyHeaderEncoder() {}

    /** The header's bytes. */
    public static byte[] encode(ProxyHeader header) {
        return header.version() == ProtocolVersion.V1 ? encodeV1(header) : encodeV2(header);
    }

    private static byte[] encodeV1(ProxyHeader header) {
        if (header.source() == null) {
            return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        InetSocketAddress source = (InetSocketAddress) header.source();
        InetSocketAddress destination = (InetSocketAddress) header.destination();
        boolean v4 = header.family() == AddressFamily.INET;
        String line = "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + text(source.getAddress(), v4) + " "
                + text(destination.getAddress(), v4) + " " + source.getPort() + " " + destination.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The address in the line's family; an IPv4 address in a TCP6 line as {@code ::ffff:a.b.c.d}. */
    private static String text(InetAddress address, boolean v4) {
        if (v4) {
            return IpAddresses.formatIpv4(address.getAddress());
        }
        if (address instanceof Inet4Address) {
            return "::ffff:" + IpAddresses.formatIpv4(address.getAddress());
        }
        return IpAddresses.formatIpv6(bytes(address, 16));
    }

    private static byte[] encodeV2(ProxyHeader header) {
        AddressFamily family = header.family();
        // A LOCAL header keeps its family byte but carries no block: a receiver discards it anyway.
        boolean block = header.command() == Command.PROXY;
        int length = block ? family.blockLength() : 0;
        for (Tlv tlv : header.tlvs()) {
            length += 3 + tlv.length();
        }
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("v2 header body of " + length + " bytes is above 65535");
        }
        ByteBuffer out = ByteBuffer.allocate(ProxyHeaderDecoder.V2_FIXED_LENGTH + length);
        Signatures.putV2(out);
        out.put((byte) (0x20 | header.command().code()));
        out.put((byte) (family.code() << 4 | header.transport().code()));
        out.putShort((short) length);
        switch (block ? family : AddressFamily.UNSPEC) {
            case INET, INET6 -> {
                InetSocketAddress source = (InetSocketAddress) header.source();
                InetSocketAddress destination = (InetSocketAddress) header.destination();
                out.put(bytes(source.getAddress(), family.addressLength()));
                out.put(bytes(destination.getAddress(), family.addressLength()));
                out.putShort((short) source.getPort());
                out.putShort((short) destination.getPort());
            }
            case UNIX -> {
                out.put(unixPath(header.source()));
                out.put(unixPath(header.destination()));
            }
            default -> {}
        }
        int crcValueAt = -1;
        for (Tlv tlv : header.tlvs()) {
            out.put((byte) tlv.type());
            out.putShort((short) tlv.length());
            if (tlv.type() == TlvType.CRC32C && tlv.length() == 4 && crcValueAt < 0) {
                crcValueAt = out.position();
                out.putInt(0);
            } else {
                out.put(tlv.rawValue());
            }
        }
        byte[] bytes = out.array();
        if (crcValueAt >= 0) {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length);
            out.putInt(crcValueAt, (int) crc.getValue());
        }
        return bytes;
    }

    /** An address's bytes in a block of 4 or 16; an IPv4 address in a 16-byte block is IPv4-mapped. */
    private static byte[] bytes(InetAddress address, int size) {
        byte[] raw = address.getAddress();
        if (raw.length == size) {
            return raw;
        }
        if (address instanceof Inet4Address && size == 16) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(raw, 0, mapped, 12, 4);
            return mapped;
        }
        throw new IllegalArgumentException("an IPv6 address in an IPv4 header: " + address);
    }

    private static byte[] unixPath(SocketAddress address) {
        byte[] block = new byte[AddressFamily.UNIX.addressLength()];
        String path = ((UnixDomainSocketAddress) address).getPath().toString();
        byte[] text;
        int at = 0;
        if (path.startsWith("@")) {
            text = path.substring(1).getBytes(StandardCharsets.UTF_8);
            at = 1;
        } else {
            text = path.getBytes(StandardCharsets.UTF_8);
        }
        if (at + text.length > block.length) {
            throw new IllegalArgumentException("AF_UNIX path longer than 108 bytes: " + path);
        }
        System.arraycopy(text, 0, block, at, text.length);
        return block;
    }
}
