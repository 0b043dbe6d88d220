package io.github.proxyprotocol.testsupport;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * PROXY headers the tests send, as bytes: by default the client 203.0.113.7:4242 reaching 192.0.2.1:443
 * (documentation addresses) through a load balancer.
 */
public final class TestHeaders {

    /** The real client's address in the headers. */
    public static final String CLIENT_IP = "203.0.113.7";

    /** The real client's port in the headers. */
    public static final int CLIENT_PORT = 4242;

    /** The address the client connected to (the balancer's frontend) in the headers. */
    public static final String DESTINATION_IP = "192.0.2.1";

    /** The port the client connected to in the headers. */
    public static final int DESTINATION_PORT = 443;

    /** The client's address in the TCP6 headers, as {@link InetAddress#getHostAddress()} prints it. */
    public static final String CLIENT_IP6 = "2001:db8:0:0:0:0:0:7";

    /** The destination's address in the TCP6 headers, as {@link InetAddress#getHostAddress()} prints it. */
    public static final String DESTINATION_IP6 = "2001:db8:0:0:0:0:0:1";

    /** The client certificate's common name in {@link #sslTlv()}. */
    public static final String CLIENT_CN = "client.example";

    private TestHeaders() {}

    /** {@code ip:port}, for an IP literal. */
    public static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** {@value #CLIENT_IP}:{@value #CLIENT_PORT}. */
    public static InetSocketAddress client() {
        return address(CLIENT_IP, CLIENT_PORT);
    }

    /** {@value #DESTINATION_IP}:{@value #DESTINATION_PORT}. */
    public static InetSocketAddress destination() {
        return address(DESTINATION_IP, DESTINATION_PORT);
    }

    /** {@code PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n}. */
    public static byte[] v1() {
        return ascii(
                "PROXY TCP4 " + CLIENT_IP + " " + DESTINATION_IP + " " + CLIENT_PORT + " " + DESTINATION_PORT + "\r\n");
    }

    /** {@code PROXY TCP6 2001:db8::7 2001:db8::1 4242 443\r\n}. */
    public static byte[] v1Tcp6() {
        return ascii("PROXY TCP6 2001:db8::7 2001:db8::1 " + CLIENT_PORT + " " + DESTINATION_PORT + "\r\n");
    }

    /** {@code PROXY UNKNOWN\r\n}. */
    public static byte[] v1Unknown() {
        return ascii("PROXY UNKNOWN\r\n");
    }

    /** A v2 PROXY command from the test client to the test destination, without TLVs, to add to. */
    public static ProxyHeader.Builder v2Builder() {
        return v2Builder(CLIENT_IP, CLIENT_PORT, DESTINATION_IP, DESTINATION_PORT);
    }

    /** A v2 PROXY command from {@code source:sourcePort} to {@code destination:destinationPort}, to add to. */
    public static ProxyHeader.Builder v2Builder(
            String source, int sourcePort, String destination, int destinationPort) {
        return ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(address(source, sourcePort), address(destination, destinationPort));
    }

    /** A v2 PROXY header from the test client to the test destination, without TLVs. */
    public static byte[] v2() {
        return encode(v2Builder());
    }

    /** A v2 PROXY header from {@code source:sourcePort} to the test destination, without TLVs. */
    public static byte[] v2(String source, int sourcePort) {
        return encode(v2Builder(source, sourcePort, DESTINATION_IP, DESTINATION_PORT));
    }

    /** A v2 PROXY header from {@link #CLIENT_IP6} to {@link #DESTINATION_IP6}, without TLVs. */
    public static byte[] v2Tcp6() {
        return encode(v2Builder(CLIENT_IP6, CLIENT_PORT, DESTINATION_IP6, DESTINATION_PORT));
    }

    /**
     * A v2 header with authority {@code example.com}, ALPN {@code h2}, an 8-byte unique id, {@link #sslTlv()}
     * and a CRC32C.
     */
    public static byte[] v2WithTlvs() {
        return v2WithTlvs(CLIENT_CN);
    }

    /** {@link #v2WithTlvs()} with {@code clientCommonName} in the SSL TLV. */
    public static byte[] v2WithTlvs(String clientCommonName) {
        return encode(v2Builder()
                .authority("example.com")
                .alpn("h2")
                .uniqueId(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .ssl(sslTlv(clientCommonName))
                .crc32c());
    }

    /** A v2 header whose only TLV is {@link #sslTlv()}: the client used TLS. */
    public static byte[] v2Ssl() {
        return encode(v2Builder().ssl(sslTlv()));
    }

    /** A v2 LOCAL header (a health check) that still carries the test addresses and an authority TLV. */
    public static byte[] v2Local() {
        return encode(v2Builder().command(Command.LOCAL).authority("health.example"));
    }

    /** The IPv4 client and destination as IPv4-mapped IPv6 addresses in a v1 TCP6 line, as a dual-stack balancer sends them. */
    public static byte[] v1Mapped() {
        return ascii("PROXY TCP6 ::ffff:" + CLIENT_IP + " ::ffff:" + DESTINATION_IP + " " + CLIENT_PORT + " "
                + DESTINATION_PORT + "\r\n");
    }

    /** The IPv4 client and destination as IPv4-mapped IPv6 addresses in a v2 TCP6 header. */
    public static byte[] v2Mapped() {
        byte[] header = concat(
                V2_SIGNATURE, new byte[] {0x21, 0x21, 0, 36}, mapped(CLIENT_IP), mapped(DESTINATION_IP), new byte[] {
                    (byte) (CLIENT_PORT >> 8),
                    (byte) CLIENT_PORT,
                    (byte) (DESTINATION_PORT >> 8),
                    (byte) DESTINATION_PORT
                });
        return header;
    }

    private static byte[] mapped(String ipv4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(address(ipv4, 0).getAddress().getAddress(), 0, mapped, 12, 4);
        return mapped;
    }

    /** HAProxy's health check: a v2 LOCAL with family UNSPEC and nothing after it (length 0). */
    public static byte[] v2LocalUnspec() {
        return concat(V2_SIGNATURE, new byte[] {0x20, 0x00, 0, 0});
    }

    /** HAProxy's health check with {@code proxy-v2-options crc32c}: LOCAL, UNSPEC, length 7, a CRC32C TLV. */
    public static byte[] v2LocalUnspecWithCrc() {
        return withCrc(concat(V2_SIGNATURE, new byte[] {0x20, 0x00, 0, 7, 0x03, 0, 4, 0, 0, 0, 0}), 19);
    }

    /**
     * An AWS NLB health check: LOCAL with family byte 0x11 (TCP4) but no address block, length 84: a CRC32C TLV, then
     * a 74-byte NOOP TLV (the form captured in kubernetes/kubernetes issue 57250).
     */
    public static byte[] nlbHealthCheck() {
        byte[] header = new byte[16 + 84];
        System.arraycopy(V2_SIGNATURE, 0, header, 0, 12);
        header[12] = 0x20;
        header[13] = 0x11;
        header[15] = 84;
        header[16] = 0x03; // CRC32C, 4 bytes at 19
        header[18] = 4;
        header[23] = 0x04; // NOOP, 74 bytes
        header[25] = 74;
        return withCrc(header, 19);
    }

    private static byte[] withCrc(byte[] header, int crcAt) {
        CRC32C crc = new CRC32C();
        crc.update(header);
        int value = (int) crc.getValue();
        header[crcAt] = (byte) (value >> 24);
        header[crcAt + 1] = (byte) (value >> 16);
        header[crcAt + 2] = (byte) (value >> 8);
        header[crcAt + 3] = (byte) value;
        return header;
    }

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** An SSL TLV: the client used TLS 1.3 with a verified certificate {@code CN=}{@value #CLIENT_CN}. */
    public static SslTlv sslTlv() {
        return sslTlv(CLIENT_CN);
    }

    /** An SSL TLV: the client used TLS 1.3 with a verified certificate {@code CN=clientCommonName}. */
    public static SslTlv sslTlv(String clientCommonName) {
        return new SslTlv(
                SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN,
                0,
                List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"), Tlv.ofString(TlvType.SSL_CN, clientCommonName)));
    }

    /** Encodes {@code header}. */
    public static byte[] encode(ProxyHeader.Builder header) {
        return ProxyHeaderEncoder.encode(header.build());
    }

    /** {@code text} as US-ASCII bytes. */
    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
