package io.github.proxyprotocol.undertow;

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

/** PROXY headers for the tests, as bytes. */
final class Headers {
    static final String CLIENT = "203.0.113.7";
    static final String DESTINATION = "192.0.2.1";

    private Headers() {}

    static byte[] v1(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code PROXY TCP4 203.0.113.7 192.0.2.1 4242 443}. */
    static byte[] v1() {
        return v1("PROXY TCP4 " + CLIENT + " " + DESTINATION + " 4242 443\r\n");
    }

    /** A v2 PROXY header from {@code source:sourcePort} to 192.0.2.1:443 without TLVs. */
    static byte[] v2(String source, int sourcePort) {
        return ProxyHeaderEncoder.encode(
                v2Builder(source, sourcePort, DESTINATION, 443).build());
    }

    /** A v2 PROXY header from 203.0.113.7:4242 to 192.0.2.1:443 with every common TLV, TLS and a checksum. */
    static byte[] v2WithTlvs() {
        return ProxyHeaderEncoder.encode(v2Builder(CLIENT, 4242, DESTINATION, 443)
                .authority("example.com")
                .alpn("h2")
                .uniqueId(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .ssl(tls())
                .crc32c()
                .build());
    }

    /** An SSL TLV saying the client used TLS 1.3 with a verified certificate {@code CN=client}. */
    static SslTlv tls() {
        return new SslTlv(
                SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN,
                0,
                List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"), Tlv.ofString(TlvType.SSL_CN, "client")));
    }

    static ProxyHeader.Builder v2Builder(String source, int sourcePort, String destination, int destinationPort) {
        return ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(address(source, sourcePort), address(destination, destinationPort));
    }

    static InetSocketAddress address(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static byte[] concat(byte[]... parts) {
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
