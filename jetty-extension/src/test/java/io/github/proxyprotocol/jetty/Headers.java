package io.github.proxyprotocol.jetty;

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

/** PROXY headers the tests send: the client 203.0.113.7:4242 reaching 192.0.2.1:443 through a balancer. */
final class Headers {
    static final String CLIENT_IP = "203.0.113.7";
    static final int CLIENT_PORT = 4242;
    static final String SERVER_IP = "192.0.2.1";
    static final int SERVER_PORT = 443;
    static final String CLIENT_IP6 = "2001:db8:0:0:0:0:0:7";
    static final String SERVER_IP6 = "2001:db8:0:0:0:0:0:1";

    private Headers() {}

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    static byte[] v1() {
        return ascii("PROXY TCP4 " + CLIENT_IP + " " + SERVER_IP + " " + CLIENT_PORT + " " + SERVER_PORT + "\r\n");
    }

    static byte[] v1Tcp6() {
        return ascii("PROXY TCP6 2001:db8::7 2001:db8::1 " + CLIENT_PORT + " " + SERVER_PORT + "\r\n");
    }

    static byte[] v1Unknown() {
        return ascii("PROXY UNKNOWN\r\n");
    }

    static ProxyHeader.Builder v2Builder() {
        return ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(address(CLIENT_IP, CLIENT_PORT), address(SERVER_IP, SERVER_PORT));
    }

    static byte[] v2() {
        return encode(v2Builder());
    }

    static byte[] v2Tcp6() {
        return encode(ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(address(CLIENT_IP6, CLIENT_PORT), address(SERVER_IP6, SERVER_PORT)));
    }

    /** A v2 header with authority, ALPN, unique id, an SSL TLV (TLSv1.3, client CN) and a CRC32C. */
    static byte[] v2WithTlvs() {
        return encode(v2Builder()
                .authority("example.com")
                .alpn("h2")
                .uniqueId(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .ssl(sslTlv())
                .crc32c());
    }

    /** A v2 header whose SSL TLV says the client used TLS. */
    static byte[] v2Ssl() {
        return encode(v2Builder().ssl(sslTlv()));
    }

    static SslTlv sslTlv() {
        return new SslTlv(
                SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN,
                0,
                List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"), Tlv.ofString(TlvType.SSL_CN, "client.example")));
    }

    /** A v2 LOCAL header (a health check) that still carries addresses and a TLV. */
    static byte[] v2Local() {
        return encode(ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.LOCAL)
                .addresses(address(CLIENT_IP, CLIENT_PORT), address(SERVER_IP, SERVER_PORT))
                .authority("health.example"));
    }

    static byte[] encode(ProxyHeader.Builder builder) {
        return ProxyHeaderEncoder.encode(builder.build());
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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
