package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** PROXY headers for tests: the client 203.0.113.7:4242 talking to 192.0.2.1:443, and friends. */
final class Headers {
    static final String CLIENT_IP = "203.0.113.7";
    static final int CLIENT_PORT = 4242;
    static final String DESTINATION_IP = "192.0.2.1";
    static final int DESTINATION_PORT = 443;

    private Headers() {}

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    static InetSocketAddress client() {
        return address(CLIENT_IP, CLIENT_PORT);
    }

    static InetSocketAddress destination() {
        return address(DESTINATION_IP, DESTINATION_PORT);
    }

    /** {@code PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n}. */
    static byte[] v1() {
        return ascii(
                "PROXY TCP4 " + CLIENT_IP + " " + DESTINATION_IP + " " + CLIENT_PORT + " " + DESTINATION_PORT + "\r\n");
    }

    /** A v2 PROXY header from the test client to the test destination, with no TLV. */
    static byte[] v2() {
        return encode(v2Builder());
    }

    static ProxyHeader.Builder v2Builder() {
        return ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(client(), destination());
    }

    static byte[] encode(ProxyHeader.Builder header) {
        return ProxyHeaderEncoder.encode(header.build());
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
