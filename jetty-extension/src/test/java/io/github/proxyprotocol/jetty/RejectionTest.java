package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.common.TlvType;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input from a trusted proxy: the connection is closed without a byte of response, no request reaches the
 * handler, and the listener counts it under the reason. Each case is written whole and byte by byte.
 */
class RejectionTest {
    private static final int MAX_HEADER_SIZE = 256;

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(factory -> factory.setMaxHeaderSize(MAX_HEADER_SIZE));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                        Arguments.of("no header", new byte[0], Reason.NOT_PROXY_PROTOCOL),
                        Arguments.of(
                                "TLS without a header", new byte[] {0x16, 0x03, 0x01, 0x00}, Reason.NOT_PROXY_PROTOCOL),
                        Arguments.of(
                                "v1 port with a leading zero",
                                TestHeaders.ascii("PROXY TCP4 203.0.113.7 192.0.2.1 04242 443\r\n"),
                                Reason.V1_MALFORMED),
                        Arguments.of(
                                "v1 ending in LF only",
                                TestHeaders.ascii("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\n"),
                                Reason.V1_MALFORMED),
                        Arguments.of(
                                "v1 IPv6 address in TCP4",
                                TestHeaders.ascii("PROXY TCP4 2001:db8::7 192.0.2.1 4242 443\r\n"),
                                Reason.V1_MALFORMED),
                        Arguments.of(
                                "v1 host name",
                                TestHeaders.ascii("PROXY TCP4 localhost 192.0.2.1 4242 443\r\n"),
                                Reason.V1_MALFORMED),
                        Arguments.of(
                                "v1 longer than 107 bytes",
                                TestHeaders.ascii("PROXY UNKNOWN " + "x".repeat(120)),
                                Reason.V1_TOO_LONG),
                        Arguments.of("v2 version 1", v2Byte(12, 0x11), Reason.V2_UNSUPPORTED_VERSION),
                        Arguments.of("v2 command 0xF", v2Byte(12, 0x2F), Reason.V2_UNSUPPORTED_COMMAND),
                        Arguments.of("v2 family 0x41", v2Byte(13, 0x41), Reason.V2_UNSUPPORTED_FAMILY),
                        Arguments.of("v2 PROXY with UNSPEC", v2Byte(13, 0x00), Reason.V2_UNSUPPORTED_FAMILY),
                        Arguments.of("v2 TCP4 with a 4-byte address block", truncated(), Reason.V2_TRUNCATED_ADDRESSES),
                        Arguments.of("v2 CRC32C mismatch", crcMismatch(), Reason.CRC32C_MISMATCH),
                        Arguments.of("v2 TLV overrunning the header", tlvOverrun(), Reason.TLV_MALFORMED),
                        Arguments.of(
                                "v2 above the max header size",
                                TestHeaders.encode(
                                        TestHeaders.v2Builder().tlv(TlvType.NOOP, new byte[MAX_HEADER_SIZE])),
                                Reason.HEADER_TOO_LARGE))
                .flatMap(bad -> Stream.of(WriteMode.values()).map(mode -> {
                    Object[] values = bad.get();
                    return Arguments.of(values[0], values[1], values[2], mode);
                }));
    }

    @ParameterizedTest(name = "{0}, {3}")
    @MethodSource("badHeaders")
    void closedWithoutResponseAndCounted(String name, byte[] header, Reason reason, WriteMode mode) {
        long before = server.metrics().rejections(reason);
        int handled = server.handled();

        RawHttpClient.to(server.port()).prefix(header).writeMode(mode).assertClosedWithoutResponse();

        Await.until(
                Duration.ofSeconds(5),
                () -> name + ": rejections " + server.metrics().getRejectionsByReason(),
                () -> server.metrics().rejections(reason) == before + 1);
        assertThat(server.handled()).isEqualTo(handled);
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aVersionTheListenerDoesNotAcceptIsRejected(WriteMode mode) {
        try (TestServer v1Only = TestServer.start(factory -> factory.setVersions("v1"))) {
            RawHttpClient client = RawHttpClient.to(v1Only.port()).writeMode(mode);

            client.prefix(TestHeaders.v2()).assertClosedWithoutResponse();
            assertThat(WhoAmIHandler.parse(
                            client.prefix(TestHeaders.v1()).get("/").body()))
                    .containsEntry("header", "v1 PROXY");

            TrustTableTest.awaitRejections(v1Only, Reason.VERSION_NOT_ACCEPTED, 1);
            assertThat(v1Only.handled()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aPeerClosingBeforeTheHeaderEndsIsCounted(WriteMode mode) throws IOException {
        long before = server.metrics().rejections(Reason.CONNECTION_CLOSED);
        byte[] half = Arrays.copyOf(TestHeaders.v2(), 20);

        try (RawConnection connection =
                RawHttpClient.to(server.port()).writeMode(mode).openAndSend(half)) {
            connection.shutdownOutput();
            connection.awaitClosedWithoutResponse(Duration.ofSeconds(5));
        } catch (UncheckedIOException e) {
            throw new AssertionError(e);
        }

        Await.until(
                Duration.ofSeconds(5),
                () -> "rejections " + server.metrics().getRejectionsByReason(),
                () -> server.metrics().rejections(Reason.CONNECTION_CLOSED) == before + 1);
    }

    /** A valid v2 header with one byte replaced. */
    private static byte[] v2Byte(int index, int value) {
        byte[] header = TestHeaders.v2();
        header[index] = (byte) value;
        return header;
    }

    private static byte[] truncated() {
        byte[] header = Arrays.copyOf(TestHeaders.v2(), 16 + 4);
        header[14] = 0;
        header[15] = 4;
        return header;
    }

    private static byte[] crcMismatch() {
        byte[] header = TestHeaders.encode(
                TestHeaders.v2Builder().authority("example.com").crc32c());
        header[16] ^= 0x01; // the first byte of the source address
        return header;
    }

    private static byte[] tlvOverrun() {
        byte[] header = TestHeaders.encode(TestHeaders.v2Builder().authority("example.com"));
        int tlvLength = 16 + 12 + 1; // signature+fixed, IPv4 block, TLV type
        header[tlvLength] = 0x7F; // the TLV's length now runs far past the header's end
        return header;
    }
}
