package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input from a trusted proxy: the connection is closed without a response byte, no handler runs, and the
 * listener's metrics count the reason; the log gets one rate-limited line naming the peer and the reason.
 */
class RejectionTest {
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of(
                        "v1 port with a leading zero",
                        TestHeaders.ascii("PROXY TCP4 203.0.113.7 192.0.2.1 04242 443\r\n"),
                        Reason.V1_MALFORMED),
                Arguments.of(
                        "v1 double space",
                        TestHeaders.ascii("PROXY TCP4  203.0.113.7 192.0.2.1 4242 443\r\n"),
                        Reason.V1_MALFORMED),
                Arguments.of(
                        "v1 LF without CR",
                        TestHeaders.ascii("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\n"),
                        Reason.V1_MALFORMED),
                Arguments.of(
                        "v1 host name",
                        TestHeaders.ascii("PROXY TCP4 localhost 192.0.2.1 4242 443\r\n"),
                        Reason.V1_MALFORMED),
                Arguments.of(
                        "v1 without CRLF in 107 bytes",
                        TestHeaders.ascii("PROXY UNKNOWN " + "x".repeat(120)),
                        Reason.V1_TOO_LONG),
                Arguments.of("v2 version 1", v2(0x11, 0x11, 12), Reason.V2_UNSUPPORTED_VERSION),
                Arguments.of("v2 command 0xF", v2(0x2F, 0x11, 12), Reason.V2_UNSUPPORTED_COMMAND),
                Arguments.of("v2 family 0x4", v2(0x21, 0x41, 12), Reason.V2_UNSUPPORTED_FAMILY),
                Arguments.of("v2 PROXY with UNSPEC", v2(0x21, 0x00, 0), Reason.V2_UNSUPPORTED_FAMILY),
                Arguments.of("v2 addresses cut short", v2(0x21, 0x11, 4), Reason.V2_TRUNCATED_ADDRESSES),
                Arguments.of("v2 longer than the maximum", v2(0x21, 0x11, 5000), Reason.HEADER_TOO_LARGE),
                Arguments.of("v2 TLV longer than the header", tlvTooLong(), Reason.TLV_MALFORMED),
                Arguments.of("v2 CRC32C mismatch", crcMismatch(), Reason.CRC32C_MISMATCH),
                Arguments.of("HTTP instead of a header", new byte[0], Reason.NOT_PROXY_PROTOCOL));
    }

    /** A v2 header start with the given version/command and family bytes and length, then zeros. */
    private static byte[] v2(int versionCommand, int family, int length) {
        byte[] header = Arrays.copyOf(SIGNATURE, 16 + Math.min(length, 12));
        header[12] = (byte) versionCommand;
        header[13] = (byte) family;
        header[14] = (byte) (length >> 8);
        header[15] = (byte) length;
        return header;
    }

    private static byte[] tlvTooLong() {
        byte[] header = Arrays.copyOf(v2(0x21, 0x11, 12 + 3), 16 + 12 + 3);
        header[28] = 0x02; // AUTHORITY
        header[29] = 0x00;
        header[30] = 0x09; // 9 bytes announced, none there
        return header;
    }

    private static byte[] crcMismatch() {
        byte[] header = TestHeaders.v2WithTlvs("client");
        header[16] ^= 0x01; // the first byte of the source address
        return header;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void closedWithoutResponse(String what, byte[] header, Reason reason) {
        long before = server.metrics().rejections(reason);
        int requests = server.requests();

        RawHttpClient.to(server.port()).prefix(header).assertClosedWithoutResponse();

        assertThat(server.metrics().rejections(reason)).as(what).isEqualTo(before + 1);
        assertThat(server.requests()).isEqualTo(requests);
    }

    @Test
    void peerClosingBeforeTheHeaderEndsIsCounted() throws Exception {
        long before = server.metrics().rejections(Reason.CONNECTION_CLOSED);
        try (RawConnection connection =
                RawHttpClient.to(server.port()).openAndSend(TestHeaders.ascii("PROXY TCP4 203."))) {
            connection.shutdownOutput();
            connection.awaitClosedWithoutResponse();
        }
        Await.until(
                Duration.ofSeconds(10),
                "CONNECTION_CLOSED counted",
                () -> server.metrics().rejections(Reason.CONNECTION_CLOSED) == before + 1);
    }

    @Test
    void versionNotAcceptedIsClosed() {
        try (TestServer v2Only = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .option(ProxyProtocolOptions.VERSIONS, "v2")
                .start()) {
            RawHttpClient.to(v2Only.port()).prefix(TestHeaders.v1()).assertClosedWithoutResponse();

            assertThat(v2Only.metrics().rejections(Reason.VERSION_NOT_ACCEPTED)).isEqualTo(1);
            assertThat(Seen.of(RawHttpClient.to(v2Only.port())
                            .prefix(TestHeaders.v2WithTlvs("client"))
                            .get("/")))
                    .containsEntry("remote", "203.0.113.7:4242");
        }
    }

    @Test
    void headerLargerThanTheConfiguredMaximumIsClosed() {
        try (TestServer small = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .option(ProxyProtocolOptions.MAX_HEADER_SIZE, 128)
                .start()) {
            byte[] large = io.github.proxyprotocol.common.ProxyHeaderEncoder.encode(
                    TestHeaders.v2Builder(TestHeaders.CLIENT_IP, 4242, TestHeaders.DESTINATION_IP, 443)
                            .authority("a".repeat(200))
                            .build());

            RawHttpClient.to(small.port()).prefix(large).assertClosedWithoutResponse();

            assertThat(small.metrics().rejections(Reason.HEADER_TOO_LARGE)).isEqualTo(1);
        }
    }

    @Test
    void eachRejectionLogsOneLineNamingPeerAndReasonUntilTheRateLimit() {
        try (LogCapture log = new LogCapture();
                TestServer fresh = TestServer.start("127.0.0.1")) {
            for (int i = 0; i < 15; i++) {
                RawHttpClient.to(fresh.port()).prefix(v2(0x2F, 0x11, 12)).assertClosedWithoutResponse();
            }

            List<String> lines = log.warningsContaining("on http-" + fresh.port());
            assertThat(lines)
                    .hasSize(10)
                    .allSatisfy(line -> assertThat(line)
                            .contains("closed connection from /127.0.0.1:")
                            .contains(Reason.V2_UNSUPPORTED_COMMAND.code()));
            assertThat(fresh.metrics().getRejectedConnections()).isEqualTo(15);
        }
    }
}
