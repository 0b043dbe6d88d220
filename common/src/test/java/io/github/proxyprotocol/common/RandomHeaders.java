package io.github.proxyprotocol.common;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid headers of every shape, for round-trip, differential and read-limit tests. */
final class RandomHeaders {
    private RandomHeaders() {}

    static ProxyHeader any(Random r) {
        return r.nextInt(4) == 0 ? v1(r) : v2(r);
    }

    static ProxyHeader v1(Random r) {
        ProxyHeader.Builder b = ProxyHeader.builder().version(ProtocolVersion.V1);
        switch (r.nextInt(5)) {
            case 0 -> {}
            case 1, 2 -> b.addresses(inet(r, 4), inet(r, 4));
            default -> b.addresses(inet(r, 16), inet(r, 16));
        }
        return b.build();
    }

    static ProxyHeader v2(Random r) {
        ProxyHeader.Builder b = ProxyHeader.builder();
        int shape = r.nextInt(10);
        if (shape == 0) {
            b.command(Command.LOCAL);
        } else if (shape == 1) {
            b.command(Command.LOCAL).addresses(inet(r, 4), inet(r, 4));
        } else if (shape == 2) {
            b.addresses(unix(r), unix(r))
                    .transport(r.nextBoolean() ? TransportProtocol.STREAM : TransportProtocol.DGRAM);
        } else {
            int size = r.nextBoolean() ? 4 : 16;
            b.addresses(inet(r, size), inet(r, size))
                    .transport(r.nextInt(4) == 0 ? TransportProtocol.DGRAM : TransportProtocol.STREAM);
        }
        for (Tlv tlv : tlvs(r)) {
            b.tlv(tlv);
        }
        if (r.nextInt(3) == 0) {
            b.crc32c();
        }
        return b.build();
    }

    static List<Tlv> tlvs(Random r) {
        List<Tlv> tlvs = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(9)) {
                case 0 -> tlvs.add(Tlv.ofString(TlvType.ALPN, r.nextBoolean() ? "h2" : "http/1.1"));
                case 1 -> tlvs.add(Tlv.ofString(TlvType.AUTHORITY, "host" + r.nextInt(1000) + ".example.com"));
                case 2 -> tlvs.add(new Tlv(TlvType.UNIQUE_ID, bytes(r, r.nextInt(129))));
                case 3 -> tlvs.add(new Tlv(TlvType.NOOP, bytes(r, r.nextInt(8))));
                case 4 ->
                    tlvs.add(new SslTlv(
                                    r.nextInt(8),
                                    r.nextInt(3) - 1,
                                    List.of(
                                            Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"),
                                            Tlv.ofString(TlvType.SSL_CN, "client" + r.nextInt(10)),
                                            Tlv.ofString(TlvType.SSL_CIPHER, "TLS_AES_256_GCM_SHA384"),
                                            new Tlv(TlvType.SSL_CLIENT_CERT, bytes(r, r.nextInt(300)))))
                            .toTlv());
                case 5 -> tlvs.add(Tlv.ofString(TlvType.NETNS, "ns" + r.nextInt(10)));
                case 6 -> tlvs.add(Decoding.concatTlv(TlvType.AWS, new byte[] {1}, "vpce-0123456789abcdef0"));
                case 7 -> tlvs.add(new Tlv(TlvType.GCP, bytes(r, 8)));
                default -> tlvs.add(new Tlv(0xF0 + r.nextInt(16), bytes(r, r.nextInt(40))));
            }
        }
        return tlvs;
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static InetSocketAddress inet(Random r, int size) {
        try {
            byte[] a = bytes(r, size);
            if (size == 16 && r.nextInt(8) == 0) {
                // IPv4-mapped (::ffff:a.b.c.d): the header reports it as the IPv4 address, in a TCP6 header
                System.arraycopy(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1}, 0, a, 0, 12);
            }
            InetAddress address = size == 4 ? InetAddress.getByAddress(a) : Inet6Address.getByAddress(null, a, -1);
            return new InetSocketAddress(address, r.nextInt(65536));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static UnixDomainSocketAddress unix(Random r) {
        return UnixDomainSocketAddress.of("/run/app-" + r.nextInt(100000) + ".sock");
    }
}
