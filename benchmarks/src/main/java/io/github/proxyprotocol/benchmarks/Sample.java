package io.github.proxyprotocol.benchmarks;

import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** The headers the benchmarks decode: what balancers send in practice. */
public enum Sample {
    V1_TCP4,
    V1_TCP6,
    V2_TCP4,
    /** TCP6 with what an AWS NLB behind a VPC endpoint and a TLS front sends: authority, ALPN, unique id, VPCE id. */
    V2_TCP6_CLOUD_TLVS,
    V2_CRC32C;

    /** The header's bytes. */
    public byte[] bytes() {
        try {
            InetSocketAddress source4 = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 51234);
            InetSocketAddress destination4 = new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 443);
            InetSocketAddress source6 =
                    new InetSocketAddress(InetAddress.getByName("2001:db8:85a3::8a2e:370:7334"), 51234);
            InetSocketAddress destination6 = new InetSocketAddress(InetAddress.getByName("2001:db8:1::10"), 443);
            ProxyHeader.Builder b = ProxyHeader.builder();
            switch (this) {
                case V1_TCP4 -> b.version(ProtocolVersion.V1).addresses(source4, destination4);
                case V1_TCP6 -> b.version(ProtocolVersion.V1).addresses(source6, destination6);
                case V2_TCP4 -> b.addresses(source4, destination4);
                case V2_TCP6_CLOUD_TLVS ->
                    b.addresses(source6, destination6)
                            .authority("api.example.com")
                            .alpn("h2")
                            .uniqueId("c4f0a6b1-6e0e-4d4c-9b7a-2f1d3e5a7b9c".getBytes(StandardCharsets.US_ASCII))
                            .tlv(new Tlv(
                                    TlvType.AWS, "\u0001vpce-08d2bf15fac5001c9".getBytes(StandardCharsets.US_ASCII)));
                case V2_CRC32C -> b.addresses(source4, destination4).crc32c();
            }
            return ProxyHeaderEncoder.encode(b.build());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
