package io.github.proxyprotocol.common;

import static io.github.proxyprotocol.common.Decoding.concat;
import static io.github.proxyprotocol.common.Decoding.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V2DecoderTest {
    static final String SIG = "0D0A0D0A000D0A515549540A";

    static ProxyHeader decodeEverySplit(byte[] wire) throws Exception {
        byte[] stream = concat(wire, Decoding.ascii("GET / HTTP/1.1\r\n"));
        ProxyHeader header = Decoding.whole(stream);
        assertThat(header).isNotNull();
        for (int step = 1; step <= wire.length; step++) {
            assertThat(Decoding.split(stream, wire.length, step))
                    .as("step %d", step)
                    .isEqualTo(header);
        }
        return header;
    }

    @Test
    void tcp4() throws Exception {
        ProxyHeader h = decodeEverySplit(hex(SIG + "21 11 000C C0A80001 C0A8000B DC04 01BB"));
        assertThat(h.version()).isEqualTo(ProtocolVersion.V2);
        assertThat(h.command()).isEqualTo(Command.PROXY);
        assertThat(h.family()).isEqualTo(AddressFamily.INET);
        assertThat(h.transport()).isEqualTo(TransportProtocol.STREAM);
        assertThat(h.source()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.168.0.1"), 56324));
        assertThat(h.destination()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.168.0.11"), 443));
        assertThat(h.tlvs()).isEmpty();
        assertThat(h.replacesConnectionAddresses()).isTrue();
    }

    @Test
    void udp4AndTcp6AndUdp6() throws Exception {
        assertThat(decodeEverySplit(hex(SIG + "21 12 000C 7F000001 7F000002 0001 0002"))
                        .transport())
                .isEqualTo(TransportProtocol.DGRAM);
        ProxyHeader tcp6 = decodeEverySplit(hex(
                SIG + "21 21 0024 20010db8000000000000000000000001" + "20010db8000000000000000000000002 1F90 0050"));
        assertThat(tcp6.family()).isEqualTo(AddressFamily.INET6);
        assertThat(tcp6.source()).isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 8080));
        assertThat(tcp6.destination()).isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::2"), 80));
        assertThat(decodeEverySplit(
                                hex(SIG + "21 22 0024 " + "00".repeat(15) + "01" + "00".repeat(15) + "02 0001 0002"))
                        .transport())
                .isEqualTo(TransportProtocol.DGRAM);
    }

    @Test
    void unixStreamAndDatagram() throws Exception {
        byte[] src = new byte[108];
        byte[] dst = new byte[108];
        System.arraycopy(Decoding.ascii("/var/run/src.sock"), 0, src, 0, 17);
        System.arraycopy(Decoding.ascii("/var/run/dst.sock"), 0, dst, 0, 17);
        for (String fam : List.of("31", "32")) {
            ProxyHeader h = decodeEverySplit(concat(hex(SIG + "21" + fam + "00D8"), src, dst));
            assertThat(h.family()).isEqualTo(AddressFamily.UNIX);
            assertThat(h.source()).isEqualTo(UnixDomainSocketAddress.of("/var/run/src.sock"));
            assertThat(h.destination()).isEqualTo(UnixDomainSocketAddress.of("/var/run/dst.sock"));
            assertThat(h.replacesConnectionAddresses()).isFalse();
        }
    }

    @Test
    void localWithoutAddresses() throws Exception {
        ProxyHeader h = decodeEverySplit(hex(SIG + "20 00 0000"));
        assertThat(h.command()).isEqualTo(Command.LOCAL);
        assertThat(h.family()).isEqualTo(AddressFamily.UNSPEC);
        assertThat(h.source()).isNull();
        assertThat(h.replacesConnectionAddresses()).isFalse();
    }

    /**
     * The health check of an AWS Network Load Balancer, as captured in kubernetes/kubernetes issue 57250: LOCAL, family
     * byte 0x11 (TCP4) and length 84, but no address block: a CRC32C TLV and a 74-byte NOOP TLV straight after the
     * fixed part. The same bytes are in the captured-header test data.
     */
    static final String NLB_HEALTH_CHECK = SIG + "20 11 0054 03 0004 BCE5951F 04 004A" + "00".repeat(74);

    /** Fills in the CRC32C TLV whose 4-byte value starts at {@code crcAt}, over the header with that field zeroed. */
    static byte[] withCrc(byte[] wire, int crcAt) {
        byte[] out = wire.clone();
        ByteBuffer.wrap(out).putInt(crcAt, 0);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out);
        ByteBuffer.wrap(out).putInt(crcAt, (int) crc.getValue());
        return out;
    }

    @Test
    void localFromAnAwsNlbHealthCheckHasItsTlvsStraightAfterTheFixedPart() throws Exception {
        byte[] wire = hex(NLB_HEALTH_CHECK);
        assertThat(wire).hasSize(16 + 84);
        assertThat(withCrc(wire, 19)).as("the captured checksum is right").isEqualTo(wire);
        ProxyHeader h = decodeEverySplit(wire);
        assertThat(h.command()).isEqualTo(Command.LOCAL);
        assertThat(h.family()).isEqualTo(AddressFamily.INET);
        assertThat(h.transport()).isEqualTo(TransportProtocol.STREAM);
        assertThat(h.source()).isNull();
        assertThat(h.destination()).isNull();
        assertThat(h.replacesConnectionAddresses()).isFalse();
        assertThat(h.tlvs())
                .containsExactly(new Tlv(TlvType.CRC32C, hex("BCE5951F")), new Tlv(TlvType.NOOP, new byte[74]));
        assertThat(h.crc32c()).hasValue(0xBCE5951FL);
        assertThat(ProxyHeaderEncoder.encode(h))
                .as("written back byte for byte")
                .isEqualTo(wire);
    }

    @Test
    void localWithTcp6OrUnixFamilyAndNoBlockHasItsTlvsStraightAfterTheFixedPart() throws Exception {
        for (String family : List.of("21", "22", "31", "32")) {
            byte[] wire = withCrc(hex(SIG + "20" + family + "000E 03 0004 00000000 04 0004 01020304"), 19);
            ProxyHeader h = decodeEverySplit(wire);
            assertThat(h.family().code()).isEqualTo(Integer.parseInt(family, 16) >> 4);
            assertThat(h.source()).isNull();
            assertThat(h.tlvs()).extracting(Tlv::type).containsExactly(TlvType.CRC32C, TlvType.NOOP);
        }
        ProxyHeader empty = decodeEverySplit(hex(SIG + "20 21 0000"));
        assertThat(empty.family()).isEqualTo(AddressFamily.INET6);
        assertThat(empty.tlvs()).isEmpty();
    }

    @Test
    void localWithAnAddressBlockSkipsItAndReadsTheTlvsAfterIt() throws Exception {
        // LOCAL, TCP4, a 12-byte block that does not read as TLVs (0A 0000, then 01 0A00: 2560 bytes), a NOOP, a CRC32C
        byte[] wire =
                withCrc(hex(SIG + "20 11 001A 0A000001 0A000002 03E8 07D0 04 0004 00000000 03 0004 00000000"), 38);
        ProxyHeader h = decodeEverySplit(wire);
        assertThat(h.command()).isEqualTo(Command.LOCAL);
        assertThat(h.family()).isEqualTo(AddressFamily.INET);
        assertThat(h.source()).as("a LOCAL header's block is never reported").isNull();
        assertThat(h.destination()).isNull();
        assertThat(h.replacesConnectionAddresses()).isFalse();
        assertThat(h.tlvs()).extracting(Tlv::type).containsExactly(TlvType.NOOP, TlvType.CRC32C);
        assertThat(h.crc32c()).isPresent();
        // written back without the block; the checksum, over other bytes, is the only TLV that differs
        byte[] again = ProxyHeaderEncoder.encode(h);
        assertThat(again).hasSize(wire.length - 12);
        assertThat(again[13]).isEqualTo((byte) 0x11);
        ProxyHeader reread = decodeEverySplit(again);
        assertThat(reread.family()).isEqualTo(AddressFamily.INET);
        assertThat(reread.source()).isNull();
        assertThat(reread.tlvs().get(0)).isEqualTo(h.tlvs().get(0));
        assertThat(reread.crc32c()).isPresent().isNotEqualTo(h.crc32c());

        // TCP6: a 36-byte block of 2001:db8::1 and ::2, then an AUTHORITY TLV
        byte[] tcp6 = hex(SIG + "20 21 0030 20010db8000000000000000000000001 00000000000000000000000000000002 0050 0051"
                + "02 0009 6578616D706C652E6F");
        ProxyHeader h6 = decodeEverySplit(tcp6);
        assertThat(h6.source()).isNull();
        assertThat(h6.authority()).contains("example.o");
    }

    @Test
    void localHeadersWrittenByTheEncoderCarryNoBlockAndReadBackTheSame() throws Exception {
        ProxyHeader built = ProxyHeader.builder()
                .command(Command.LOCAL)
                .addresses(
                        new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 1000),
                        new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 2000))
                .tlv(TlvType.NOOP, new byte[3])
                .crc32c()
                .build();
        assertThat(built.family()).isEqualTo(AddressFamily.INET);
        assertThat(built.source()).as("a LOCAL header keeps no addresses").isNull();
        byte[] wire = ProxyHeaderEncoder.encode(built);
        assertThat(wire.length).isEqualTo(16 + 6 + 7);
        assertThat(wire[13]).isEqualTo((byte) 0x11);
        ProxyHeader h = decodeEverySplit(wire);
        assertThat(h.command()).isEqualTo(Command.LOCAL);
        assertThat(h.family()).isEqualTo(AddressFamily.INET);
        assertThat(h.replacesConnectionAddresses()).isFalse();
        assertThat(h.tlvs()).hasSize(2);
        assertThat(h.crc32c()).isPresent();
        assertThat(ProxyHeaderEncoder.encode(h)).isEqualTo(wire);
    }

    @Test
    void localWithUnspecAndTlvsOnly() throws Exception {
        ProxyHeader h = decodeEverySplit(concat(hex(SIG + "20 00 0007 04 0004"), new byte[4]));
        assertThat(h.tlvs()).containsExactly(new Tlv(TlvType.NOOP, new byte[4]));
    }

    @Test
    void typedTlvs() throws Exception {
        byte[] cert = {0x30, (byte) 0x82, 0x01, 0x0A};
        SslTlv ssl = new SslTlv(
                SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN | SslTlv.CLIENT_CERT_SESS,
                0,
                List.of(
                        Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"),
                        Tlv.ofString(TlvType.SSL_CN, "client.example"),
                        Tlv.ofString(TlvType.SSL_CIPHER, "TLS_AES_128_GCM_SHA256"),
                        Tlv.ofString(TlvType.SSL_SIG_ALG, "RSA-SHA256"),
                        Tlv.ofString(TlvType.SSL_KEY_ALG, "RSA2048"),
                        Tlv.ofString(TlvType.SSL_GROUP, "X25519"),
                        Tlv.ofString(TlvType.SSL_SIG_SCHEME, "rsa_pss_rsae_sha256"),
                        new Tlv(TlvType.SSL_CLIENT_CERT, cert)));
        ProxyHeader built = ProxyHeader.builder()
                .addresses(
                        new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4242),
                        new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 443))
                .alpn("h2")
                .authority("example.com")
                .uniqueId(new byte[128])
                .ssl(ssl)
                .netns("blue")
                .tlv(Decoding.concatTlv(TlvType.AWS, new byte[] {1}, "vpce-08d2bf15fac5001c9"))
                .tlv(TlvType.AZURE, new byte[] {1, 0x78, 0x56, 0x34, 0x12})
                .tlv(TlvType.GCP, new byte[] {0, 0, 0, 0, 0, 0, 0x30, 0x39})
                .tlv(0xF3, new byte[] {9, 9})
                .crc32c()
                .build();
        byte[] wire = ProxyHeaderEncoder.encode(built);
        ProxyHeader h = decodeEverySplit(wire);
        // the decoded header is the built one with the checksum the encoder filled in (the last 4 bytes)
        List<Tlv> expected = new ArrayList<>(built.tlvs());
        expected.set(
                expected.size() - 1, new Tlv(TlvType.CRC32C, Arrays.copyOfRange(wire, wire.length - 4, wire.length)));
        assertThat(h.version()).isEqualTo(built.version());
        assertThat(h.command()).isEqualTo(Command.PROXY);
        assertThat(h.family()).isEqualTo(AddressFamily.INET);
        assertThat(h.transport()).isEqualTo(TransportProtocol.STREAM);
        assertThat(h.source()).isEqualTo(built.source());
        assertThat(h.destination()).isEqualTo(built.destination());
        assertThat(h.tlvs()).containsExactlyElementsOf(expected);
        assertThat(h.alpn()).contains("h2");
        assertThat(h.authority()).contains("example.com");
        assertThat(h.uniqueId()).hasValueSatisfying(id -> assertThat(id).hasSize(128));
        assertThat(h.netns()).contains("blue");
        assertThat(h.awsVpcEndpointId()).contains("vpce-08d2bf15fac5001c9");
        assertThat(h.azurePrivateLinkId()).hasValue(0x12345678L);
        assertThat(h.gcpPscConnectionId()).hasValue(12345L);
        assertThat(h.tlv(0xF3)).hasValueSatisfying(t -> assertThat(t.value()).containsExactly(9, 9));
        assertThat(TlvType.rangeOf(0xF3)).isEqualTo(TlvType.Range.EXPERIMENTAL);
        SslTlv decodedSsl = h.ssl().orElseThrow();
        assertThat(decodedSsl.isSsl()).isTrue();
        assertThat(decodedSsl.isVerified()).isTrue();
        assertThat(decodedSsl.version()).contains("TLSv1.3");
        assertThat(decodedSsl.commonName()).contains("client.example");
        assertThat(decodedSsl.cipher()).contains("TLS_AES_128_GCM_SHA256");
        assertThat(decodedSsl.signatureAlgorithm()).contains("RSA-SHA256");
        assertThat(decodedSsl.keyAlgorithm()).contains("RSA2048");
        assertThat(decodedSsl.group()).contains("X25519");
        assertThat(decodedSsl.signatureScheme()).contains("rsa_pss_rsae_sha256");
        assertThat(decodedSsl.clientCertificate())
                .hasValueSatisfying(c -> assertThat(c).isEqualTo(cert));
        assertThat(h.crc32c())
                .hasValue(Integer.toUnsignedLong(ByteBuffer.wrap(wire).getInt(wire.length - 4)));
    }

    @Test
    void anIpv4MappedAddressIsReportedAsTheIpv4AddressAndWrittenBackAsTcp6() throws Exception {
        byte[] wire =
                hex(SIG + "21 21 0024 00000000000000000000FFFFCB007107 00000000000000000000FFFFC0000201 1092 01BB");
        ProxyHeader h = decodeEverySplit(wire);
        assertThat(h.family()).as("the family stays as on the wire").isEqualTo(AddressFamily.INET6);
        InetSocketAddress source = (InetSocketAddress) h.source();
        assertThat(source.getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(source.getAddress().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(source.getPort()).isEqualTo(4242);
        assertThat(h.destination()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 443));
        assertThat(h.replacesConnectionAddresses()).isTrue();
        assertThat(ProxyHeaderEncoder.encode(h)).isEqualTo(wire);

        // a header built from a mapped Inet6Address is the same header
        ProxyHeader built = ProxyHeader.builder()
                .addresses(
                        new InetSocketAddress(
                                Inet6Address.getByAddress(null, hex("00000000000000000000FFFFCB007107"), -1), 4242),
                        new InetSocketAddress(
                                Inet6Address.getByAddress(null, hex("00000000000000000000FFFFC0000201"), -1), 443))
                .build();
        assertThat(built).isEqualTo(h);
        assertThat(ProxyHeaderEncoder.encode(built)).isEqualTo(wire);

        // ::cb00:7107 (IPv4-compatible) and ::ffff:0:cb00:7107 (IPv4-translated) are not mapped: they stay IPv6
        ProxyHeader other = decodeEverySplit(
                hex(SIG + "21 21 0024 000000000000000000000000CB007107 0000000000000000FFFF0000CB007107 0001 0002"));
        assertThat(((InetSocketAddress) other.source()).getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(((InetSocketAddress) other.destination()).getAddress()).isInstanceOf(Inet6Address.class);
    }

    @Test
    void crc32cOfAKnownHeader() throws Exception {
        // RFC 3720 / 4960 check value: CRC32C("123456789") = 0xE3069283
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(Decoding.ascii("123456789"));
        assertThat(crc.getValue()).isEqualTo(0xE3069283L);
        byte[] wire = ProxyHeaderEncoder.encode(
                ProxyHeader.builder().command(Command.LOCAL).crc32c().build());
        ByteBuffer zeroed = ByteBuffer.wrap(wire.clone());
        zeroed.putInt(wire.length - 4, 0);
        crc.reset();
        crc.update(zeroed.array());
        assertThat(ByteBuffer.wrap(wire).getInt(wire.length - 4)).isEqualTo((int) crc.getValue());
        assertThat(Decoding.whole(wire).crc32c()).hasValue(crc.getValue());
    }

    @Test
    void crc32cIsVerifiedInLittleEndianAndDirectBuffersToo() throws Exception {
        byte[] wire = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                .addresses(
                        new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 1),
                        new InetSocketAddress(InetAddress.getByName("5.6.7.8"), 2))
                .crc32c()
                .build());
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 3).order(ByteOrder.LITTLE_ENDIAN);
        direct.position(3);
        direct.put(wire).flip().position(3);
        ProxyHeader h = new ProxyHeaderDecoder(4096).decode(direct);
        assertThat(h).isNotNull();
        assertThat(direct.position()).isEqualTo(3 + wire.length);
        assertThat(direct.limit()).isEqualTo(3 + wire.length);
    }

    @Test
    void theSslTlvIsParsedOnceAndReadBigEndianWhateverTheBufferOrder() throws Exception {
        SslTlv ssl = new SslTlv(
                SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN,
                0x01020304,
                List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"), Tlv.ofString(TlvType.SSL_CN, "c")));
        byte[] wire = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                .addresses(
                        new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 1),
                        new InetSocketAddress(InetAddress.getByName("5.6.7.8"), 2))
                .ssl(ssl)
                .build());
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(wire).flip();
        ProxyHeader h = new ProxyHeaderDecoder(4096).decode(direct);
        assertThat(h.ssl()).contains(ssl);
        assertThat(h.ssl().orElseThrow()).isSameAs(h.ssl().orElseThrow());
        assertThat(SslTlv.parse(h.tlv(TlvType.SSL).orElseThrow())).isEqualTo(ssl);
    }

    static byte[] corrupt(byte[] wire, int index) {
        byte[] copy = wire.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    static Stream<Arguments> invalid() throws Exception {
        byte[] withCrc = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                .addresses(
                        new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 1),
                        new InetSocketAddress(InetAddress.getByName("5.6.7.8"), 2))
                .authority("example.com")
                .crc32c()
                .build());
        return Stream.of(
                Arguments.of(
                        "bad signature byte",
                        hex("0D0A0D0A000D0A515549540B 21 11 000C"),
                        Reason.NOT_PROXY_PROTOCOL,
                        11),
                Arguments.of("TLS ClientHello", hex("16030100A5010000A103"), Reason.NOT_PROXY_PROTOCOL, 0),
                Arguments.of("version 1 nibble", hex(SIG + "11 11 000C"), Reason.V2_UNSUPPORTED_VERSION, 12),
                Arguments.of("version 3 nibble", hex(SIG + "31 11 000C"), Reason.V2_UNSUPPORTED_VERSION, 12),
                Arguments.of("command 2", hex(SIG + "22 11 000C"), Reason.V2_UNSUPPORTED_COMMAND, 12),
                Arguments.of("command F", hex(SIG + "2F 11 000C"), Reason.V2_UNSUPPORTED_COMMAND, 12),
                Arguments.of("family 4", hex(SIG + "21 41 000C"), Reason.V2_UNSUPPORTED_FAMILY, 13),
                Arguments.of("transport 3", hex(SIG + "21 13 000C"), Reason.V2_UNSUPPORTED_FAMILY, 13),
                Arguments.of("INET with UNSPEC transport", hex(SIG + "21 10 000C"), Reason.V2_UNSUPPORTED_FAMILY, 13),
                Arguments.of("UNSPEC with STREAM", hex(SIG + "21 01 000C"), Reason.V2_UNSUPPORTED_FAMILY, 13),
                Arguments.of("PROXY with UNSPEC", hex(SIG + "21 00 0000"), Reason.V2_UNSUPPORTED_FAMILY, 13),
                Arguments.of(
                        "TCP4 block cut short",
                        hex(SIG + "21 11 000B 7F000001 7F000001 0001 00"),
                        Reason.V2_TRUNCATED_ADDRESSES,
                        15),
                Arguments.of(
                        "TCP6 with a TCP4 length",
                        hex(SIG + "21 21 000C 7F000001 7F000001 0001 0002"),
                        Reason.V2_TRUNCATED_ADDRESSES,
                        15),
                Arguments.of(
                        "LOCAL TCP4 with 4 bytes that are no TLV (7F 0000, then 01)",
                        hex(SIG + "20 11 0004 7F000001"),
                        Reason.TLV_MALFORMED,
                        19),
                Arguments.of(
                        "LOCAL TCP4 with a block and a stray byte after it",
                        hex(SIG + "20 11 000D 0A000001 0A000002 03E8 07D0 00"),
                        Reason.TLV_MALFORMED,
                        28),
                Arguments.of(
                        "LOCAL TCP6 with 12 bytes that are neither TLVs nor room for a block",
                        hex(SIG + "20 21 000C 7F000001 7F000001 0001 0002"),
                        Reason.TLV_MALFORMED,
                        27),
                Arguments.of(
                        "LOCAL TCP4 without a block and a CRC32C of 3 bytes",
                        hex(SIG + "20 11 0006 03 0003 000000"),
                        Reason.TLV_MALFORMED,
                        21),
                Arguments.of(
                        "AWS NLB health check, a NOOP bit flipped",
                        corrupt(hex(NLB_HEALTH_CHECK), 60),
                        Reason.CRC32C_MISMATCH,
                        99),
                Arguments.of(
                        "AWS NLB health check, a checksum bit flipped",
                        corrupt(hex(NLB_HEALTH_CHECK), 22),
                        Reason.CRC32C_MISMATCH,
                        99),
                Arguments.of(
                        "LOCAL TCP4 with a block, a block bit flipped",
                        corrupt(withCrc(hex(SIG + "20 11 0013 0A000001 0A000002 03E8 07D0 03 0004 00000000"), 31), 16),
                        Reason.CRC32C_MISMATCH,
                        34),
                Arguments.of("above max size", hex(SIG + "21 11 0FF1"), Reason.HEADER_TOO_LARGE, 15),
                Arguments.of(
                        "TLV past the end",
                        hex(SIG + "21 11 0010 7F000001 7F000001 0001 0002 02 0005 41"),
                        Reason.TLV_MALFORMED,
                        31),
                Arguments.of(
                        "two stray bytes",
                        hex(SIG + "21 11 000E 7F000001 7F000001 0001 0002 0200"),
                        Reason.TLV_MALFORMED,
                        29),
                Arguments.of(
                        "CRC32C of 3 bytes",
                        hex(SIG + "21 11 0012 7F000001 7F000001 0001 0002 03 0003 000000"),
                        Reason.TLV_MALFORMED,
                        33),
                Arguments.of(
                        "two CRC32C TLVs",
                        hex(SIG + "20 00 000E 03 0004 00000000 03 0004 00000000"),
                        Reason.TLV_MALFORMED,
                        29),
                Arguments.of(
                        "UNIQUE_ID of 129 bytes",
                        concat(hex(SIG + "20 00 0084 05 0081"), new byte[129]),
                        Reason.TLV_MALFORMED,
                        147),
                Arguments.of("SSL TLV of 4 bytes", hex(SIG + "20 00 0007 20 0004 01000000"), Reason.TLV_MALFORMED, 22),
                Arguments.of(
                        "SSL sub-TLV past its end",
                        hex(SIG + "20 00 000B 20 0008 01 00000000 21 0005"),
                        Reason.TLV_MALFORMED,
                        26),
                Arguments.of(
                        "CRC32C mismatch (header bit flipped)",
                        corrupt(withCrc, 20),
                        Reason.CRC32C_MISMATCH,
                        withCrc.length - 1),
                Arguments.of(
                        "CRC32C mismatch (checksum bit flipped)",
                        corrupt(withCrc, withCrc.length - 1),
                        Reason.CRC32C_MISMATCH,
                        withCrc.length - 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithItsReasonAsSoonAsItCan(String name, byte[] wire, Reason reason, int failingIndex) {
        assertThatThrownBy(() -> Decoding.whole(wire))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(Decoding.failingByte(wire, new ProxyHeaderDecoder(4096))).isEqualTo(failingIndex);
    }

    @Test
    void maxHeaderSizeIsInclusive() throws Exception {
        byte[] fits = concat(hex(SIG + "20 00 005B 04 0058"), new byte[88]);
        assertThat(fits).hasSize(107);
        assertThat(new ProxyHeaderDecoder(107).decode(ByteBuffer.wrap(fits))).isNotNull();
        byte[] tooBig = concat(hex(SIG + "20 00 005C 04 0059"), new byte[89]);
        assertThatThrownBy(() -> new ProxyHeaderDecoder(107).decode(ByteBuffer.wrap(tooBig)))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HEADER_TOO_LARGE));
        assertThatThrownBy(() -> new ProxyHeaderDecoder(106)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListenerForV1OnlyRefusesV2AfterTheSignature() {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(4096, Set.of(ProtocolVersion.V1));
        assertThat(Decoding.failingByte(hex(SIG + "21 11 000C 7F000001 7F000001 0001 0002"), decoder))
                .isEqualTo(11);
    }

    @Test
    void detectionNeverConsumes() {
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.wrap(hex("0D0A0D"))))
                .isEqualTo(ProxyHeaderDecoder.Detection.NEED_MORE);
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.wrap(hex(SIG)))).isEqualTo(ProxyHeaderDecoder.Detection.V2);
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.wrap(Decoding.ascii("PROXY"))))
                .isEqualTo(ProxyHeaderDecoder.Detection.NEED_MORE);
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.wrap(Decoding.ascii("PROXY "))))
                .isEqualTo(ProxyHeaderDecoder.Detection.V1);
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.wrap(Decoding.ascii("PROPFIND / HTTP/1.1"))))
                .isEqualTo(ProxyHeaderDecoder.Detection.NOT_PROXY);
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.wrap(Decoding.ascii("PRI * HTTP/2.0"))))
                .isEqualTo(ProxyHeaderDecoder.Detection.NOT_PROXY);
        ByteBuffer in = ByteBuffer.wrap(Decoding.ascii("GET /"));
        assertThat(ProxyHeaderDecoder.detect(in)).isEqualTo(ProxyHeaderDecoder.Detection.NOT_PROXY);
        assertThat(in.position()).isZero();
        assertThat(ProxyHeaderDecoder.detect(ByteBuffer.allocate(0))).isEqualTo(ProxyHeaderDecoder.Detection.NEED_MORE);
    }
}
