package io.github.proxyprotocol.common;

import static io.github.proxyprotocol.common.Decoding.ascii;
import static io.github.proxyprotocol.common.Decoding.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V1DecoderTest {

    static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    static Stream<Arguments> valid() throws Exception {
        return Stream.of(
                Arguments.of(
                        "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", "192.168.0.1", 56324, "192.168.0.11", 443),
                Arguments.of(
                        "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n",
                        "255.255.255.255",
                        65535,
                        "255.255.255.255",
                        65535),
                Arguments.of("PROXY TCP4 0.0.0.0 0.0.0.0 0 0\r\n", "0.0.0.0", 0, "0.0.0.0", 0),
                Arguments.of("PROXY TCP6 2001:db8::1 2001:db8::2 1 2\r\n", "2001:db8::1", 1, "2001:db8::2", 2),
                Arguments.of("PROXY TCP6 :: ::1 80 8080\r\n", "::", 80, "::1", 8080),
                Arguments.of(
                        "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        65535,
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        65535),
                Arguments.of(
                        "PROXY TCP6 FE80:0000:0000:0000:0202:B3FF:FE1E:8329 ::ffff:192.0.2.128 4 5\r\n",
                        "fe80::202:b3ff:fe1e:8329",
                        4,
                        "::ffff:192.0.2.128",
                        5),
                Arguments.of("PROXY TCP6 1:2:3:4:5:6:7:: 1::8 10 20\r\n", "1:2:3:4:5:6:7:0", 10, "1:0:0:0:0:0:0:8", 20),
                Arguments.of(
                        "PROXY TCP6 1:2:3:4:5:6:1.2.3.4 ::1.2.3.4 1 2\r\n", "1:2:3:4:5:6:102:304", 1, "::102:304", 2),
                Arguments.of(
                        "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 :: 65535 0\r\n",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        65535,
                        "::",
                        0));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void decodesValidLinesWholeAndSplitEverywhere(String line, String src, int sport, String dst, int dport)
            throws Exception {
        byte[] wire = concat(ascii(line), ascii("GET / HTTP/1.1\r\n\r\n"));
        ProxyHeader header = Decoding.whole(wire);
        assertThat(header.version()).isEqualTo(ProtocolVersion.V1);
        assertThat(header.command()).isEqualTo(Command.PROXY);
        assertThat(header.transport()).isEqualTo(TransportProtocol.STREAM);
        assertThat(header.family()).isEqualTo(line.contains("TCP4") ? AddressFamily.INET : AddressFamily.INET6);
        InetSocketAddress source = (InetSocketAddress) header.source();
        InetSocketAddress destination = (InetSocketAddress) header.destination();
        // an IPv4-mapped address (::ffff:192.0.2.128) is reported as its IPv4 address, as InetAddress reads it
        assertThat(source.getAddress()).isEqualTo(InetAddress.getByName(src));
        assertThat(source.getPort()).isEqualTo(sport);
        assertThat(destination.getPort()).isEqualTo(dport);
        assertThat(destination.getAddress()).isEqualTo(InetAddress.getByName(dst));
        assertThat(header.replacesConnectionAddresses()).isTrue();
        assertThat(header.tlvs()).isEmpty();
        for (int step = 1; step <= wire.length; step++) {
            assertThat(Decoding.split(wire, line.length(), step))
                    .as("step %d", step)
                    .isEqualTo(header);
        }
    }

    @Test
    void anIpv4MappedAddressIsReportedAsTheIpv4AddressAndWrittenBackAsTcp6() throws Exception {
        for (String text : new String[] {"::ffff:203.0.113.7", "::FFFF:CB00:7107", "0:0:0:0:0:ffff:cb00:7107"}) {
            String line = "PROXY TCP6 " + text + " ::ffff:192.0.2.1 4242 443\r\n";
            ProxyHeader header = Decoding.whole(ascii(line));
            assertThat(header.family()).as(line).isEqualTo(AddressFamily.INET6);
            InetSocketAddress source = (InetSocketAddress) header.source();
            assertThat(source.getAddress()).as(line).isInstanceOf(Inet4Address.class);
            assertThat(source.getAddress().getHostAddress()).as(line).isEqualTo("203.0.113.7");
            assertThat(((InetSocketAddress) header.destination()).getAddress())
                    .isEqualTo(InetAddress.getByName("192.0.2.1"));
            assertThat(header.replacesConnectionAddresses()).isTrue();

            byte[] again = ProxyHeaderEncoder.encode(header);
            assertThat(new String(again, StandardCharsets.US_ASCII))
                    .isEqualTo("PROXY TCP6 ::ffff:203.0.113.7 ::ffff:192.0.2.1 4242 443\r\n");
            assertThat(Decoding.whole(again)).isEqualTo(header);
        }
        // not mapped: ::203.0.113.7 (IPv4-compatible, deprecated) and ::ffff:0:cb00:7107 stay IPv6
        for (String text : new String[] {"::203.0.113.7", "::ffff:0:cb00:7107", "64:ff9b::203.0.113.7"}) {
            ProxyHeader header = Decoding.whole(ascii("PROXY TCP6 " + text + " ::1 1 2\r\n"));
            assertThat(((InetSocketAddress) header.source()).getAddress())
                    .as(text)
                    .isInstanceOf(Inet6Address.class);
        }
    }

    @Test
    void leavesTheBytesAfterTheHeaderUntouched() throws Exception {
        byte[] after = {0x16, 0x03, 0x01, 0x00, (byte) 0xA5};
        ByteBuffer in = ByteBuffer.wrap(concat(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"), after));
        ProxyHeader header = new ProxyHeaderDecoder(4096).decode(in);
        assertThat(header).isNotNull();
        assertThat(in.remaining()).isEqualTo(after.length);
        assertThat(in.get()).isEqualTo((byte) 0x16);
    }

    @Test
    void unknownShortAndLongFormsUseTheRealAddresses() throws Exception {
        ProxyHeader shortForm = Decoding.whole(ascii("PROXY UNKNOWN\r\n"));
        assertThat(shortForm.family()).isEqualTo(AddressFamily.UNSPEC);
        assertThat(shortForm.source()).isNull();
        assertThat(shortForm.replacesConnectionAddresses()).isFalse();
        String longest =
                "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
        assertThat(longest).hasSize(107);
        ProxyHeader longForm = Decoding.whole(ascii(longest));
        assertThat(longForm.source()).isNull();
        assertThat(Decoding.split(ascii(longest), 107, 1)).isEqualTo(longForm);
        assertThat(Decoding.whole(ascii("PROXY UNKNOWN anything goes here\r\n")).family())
                .isEqualTo(AddressFamily.UNSPEC);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n", Reason.V1_MALFORMED, 22),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n", Reason.V1_MALFORMED, 37),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n", Reason.V1_MALFORMED, 40),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 +80 443\r\n", Reason.V1_MALFORMED, 36),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 -1 443\r\n", Reason.V1_MALFORMED, 36),
                Arguments.of("PROXY TCP4 192.168.0.1  192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 23),
                Arguments.of("PROXY  TCP4 192.168.0.1 192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 6),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 1 443\n", Reason.V1_MALFORMED, 41),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 1 443\rX", Reason.V1_MALFORMED, 42),
                Arguments.of("PROXY TCP4 192.168.0.1 192.168.0.11 1 443 \r\n", Reason.V1_MALFORMED, 41),
                Arguments.of("PROXY TCP4 192.168.0.1\t192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 22),
                Arguments.of("PROXY TCP4 256.168.0.1 192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 13),
                Arguments.of("PROXY TCP4 192.168.0 192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 20),
                Arguments.of("PROXY TCP4 1.2.3.4.5 192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 18),
                Arguments.of("PROXY TCP4 ::1 ::1 1 443\r\n", Reason.V1_MALFORMED, 11),
                Arguments.of("PROXY TCP6 1.2.3.4 ::1 1 443\r\n", Reason.V1_MALFORMED, 18),
                Arguments.of("PROXY TCP6 1:::2 ::1 1 443\r\n", Reason.V1_MALFORMED, 16),
                Arguments.of("PROXY TCP6 1::2::3 ::1 1 443\r\n", Reason.V1_MALFORMED, 18),
                Arguments.of("PROXY TCP6 12345::1 ::1 1 443\r\n", Reason.V1_MALFORMED, 19),
                Arguments.of("PROXY TCP6 fe80::1%eth0 ::1 1 443\r\n", Reason.V1_MALFORMED, 18),
                // an IPv6 text that has gone wrong fails at its end, as a whole
                Arguments.of("PROXY TCP6 ::1.2.3 ::1 1 443\r\n", Reason.V1_MALFORMED, 18),
                Arguments.of("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 443\r\n", Reason.V1_MALFORMED, 28),
                Arguments.of("PROXY TCP6 ::01.2.3.4 ::1 1 443\r\n", Reason.V1_MALFORMED, 21),
                Arguments.of("PROXY TCP6 ::1 ::ffff:1.2.3.4.5 1 443\r\n", Reason.V1_MALFORMED, 31),
                // ... unless it is longer than the longest, at its 46th character
                Arguments.of(
                        "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2550 ::1 1 2\r\n",
                        Reason.V1_MALFORMED,
                        56),
                Arguments.of("PROXY TCP4 localhost 192.168.0.11 1 443\r\n", Reason.V1_MALFORMED, 11),
                Arguments.of("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", Reason.V1_MALFORMED, 9),
                Arguments.of("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.V1_MALFORMED, 6),
                Arguments.of("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.V1_MALFORMED, 7),
                Arguments.of("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", Reason.V1_MALFORMED, 28),
                Arguments.of("PROXY TCP4 1.2.3.4 5.6.7.8\r\n", Reason.V1_MALFORMED, 26),
                Arguments.of("PROXY UNKNOWNX\r\n", Reason.V1_MALFORMED, 13),
                Arguments.of("PROXY UNKNOWN\n", Reason.V1_MALFORMED, 13),
                Arguments.of("PROXY UNKNOWN foo\nbar\r\n", Reason.V1_MALFORMED, 17),
                Arguments.of("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.NOT_PROXY_PROTOCOL, 0),
                Arguments.of("PROXX TCP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.NOT_PROXY_PROTOCOL, 4),
                Arguments.of("GET / HTTP/1.1\r\n", Reason.NOT_PROXY_PROTOCOL, 0),
                Arguments.of("PRI * HTTP/2.0\r\n", Reason.NOT_PROXY_PROTOCOL, 2));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsAtTheFirstByteThatCannotBeValid(String line, Reason reason, int failingIndex) {
        assertThatThrownBy(() -> Decoding.whole(ascii(line)))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(Decoding.failingByte(ascii(line), new ProxyHeaderDecoder(4096)))
                .as("index of the byte that fails")
                .isEqualTo(failingIndex);
    }

    @Test
    void rejectsAt107BytesWithoutCrlfNotLater() {
        String line = "PROXY UNKNOWN " + "x".repeat(200);
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(4096);
        assertThat(Decoding.failingByte(ascii(line), decoder)).isEqualTo(106);
        assertThatThrownBy(() -> Decoding.whole(ascii(line)))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.V1_TOO_LONG));
        // 105 bytes and CRLF make 107: still valid
        String fits = "PROXY UNKNOWN " + "x".repeat(91) + "\r\n";
        assertThat(fits).hasSize(107);
        assertThat(Decoding.failingByte(ascii(fits), new ProxyHeaderDecoder(4096)))
                .isEqualTo(-1);
        String oneMore = "PROXY UNKNOWN " + "x".repeat(92) + "\r\n";
        assertThat(Decoding.failingByte(ascii(oneMore), new ProxyHeaderDecoder(4096)))
                .isEqualTo(106);
    }

    @Test
    void aListenerForV2OnlyRefusesV1AfterTheSignature() {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(4096, Set.of(ProtocolVersion.V2));
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"))))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_NOT_ACCEPTED));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void decodesFromADirectBufferByteByByte(String line, String src, int sport, String dst, int dport)
            throws Exception {
        byte[] wire = concat(ascii(line), ascii("GET"));
        ProxyHeader expected = Decoding.whole(wire);
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(4096);
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 2);
        direct.put(new byte[2]).put(wire).flip().position(2).limit(2);
        ProxyHeader header = null;
        while (header == null) {
            direct.limit(direct.limit() + 1);
            header = decoder.decode(direct);
        }
        assertThat(header).isEqualTo(expected);
        assertThat(direct.position()).isEqualTo(2 + line.length());
    }

    @ParameterizedTest
    @MethodSource("valid")
    void decodesAWholeLineFromADirectBufferInEitherByteOrder(String line, String src, int sport, String dst, int dport)
            throws Exception {
        byte[] wire = concat(ascii(line), ascii("GET"));
        ProxyHeader expected = Decoding.whole(wire);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 3).order(order);
            direct.put(new byte[3]).put(wire).flip().position(3);
            assertThat(new ProxyHeaderDecoder(4096).decode(direct))
                    .as("%s", order)
                    .isEqualTo(expected);
            assertThat(direct.position()).isEqualTo(3 + line.length());
            ByteBuffer heap = ByteBuffer.wrap(concat(new byte[3], wire)).order(order);
            heap.position(3);
            assertThat(new ProxyHeaderDecoder(4096).decode(heap))
                    .as("%s", order)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aDecoderIsReusableAfterReset() throws Exception {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(4096);
        ProxyHeader first = decoder.decode(ByteBuffer.wrap(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n")));
        assertThat(decoder.isComplete()).isTrue();
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(ascii("PROXY UNKNOWN\r\n"))))
                .isInstanceOf(IllegalStateException.class);
        decoder.reset();
        ProxyHeader second = decoder.decode(ByteBuffer.wrap(ascii("PROXY TCP6 ::1 ::2 3 4\r\n")));
        assertThat(first.family()).isEqualTo(AddressFamily.INET);
        assertThat(second.family()).isEqualTo(AddressFamily.INET6);
        assertThat(((InetSocketAddress) second.source()).getPort()).isEqualTo(3);
    }
}
