package io.github.proxyprotocol.tomcat;

import static io.github.proxyprotocol.testsupport.TestHeaders.ascii;
import static io.github.proxyprotocol.testsupport.TestHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input: the connection is closed without a response byte, no servlet runs, nothing reaches the access log, one
 * WARN line names the peer and the reason, and the connector's metrics count it.
 */
class RejectionTest {
    private static final long HEADER_TIMEOUT_MILLIS = 1000;

    private LogCapture log;
    private TestTomcat tomcat;

    @BeforeEach
    void startTomcat() {
        log = LogCapture.start();
        tomcat = TestTomcat.builder()
                .attribute("proxyProtocolHeaderTimeout", Long.toString(HEADER_TIMEOUT_MILLIS))
                .attribute("proxyProtocolMaxHeaderSize", "256")
                .start();
    }

    @AfterEach
    void stopTomcat() {
        tomcat.close();
        log.close();
    }

    @Test
    void noHeader() {
        assertRejected(ascii(RawClient.get("/whoami")), Reason.NOT_PROXY_PROTOCOL);
    }

    @Test
    void malformedV1() {
        assertRejected(
                concat(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 04242 443\r\n"), ascii(RawClient.get("/whoami"))),
                Reason.V1_MALFORMED);
    }

    @Test
    void malformedV1OneBytePerWrite() {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            int calls = WhoAmIServlet.CALLS.get();
            client.sendByteByByte(ascii("PROXY TCP4 203.0.113.7  192.0.2.1 4242 443\r\n"));
            assertRejected(client, calls, Reason.V1_MALFORMED, Duration.ofSeconds(5));
        }
    }

    @Test
    void v1WithoutCrlfWithin107Bytes() {
        // After UNKNOWN anything may follow up to the CRLF, but no more than 107 bytes in all.
        assertRejected(ascii("PROXY UNKNOWN " + "x".repeat(200)), Reason.V1_TOO_LONG);
    }

    @Test
    void v2UnsupportedCommand() {
        byte[] header = TestHeaders.v2();
        header[12] = 0x23;
        assertRejected(header, Reason.V2_UNSUPPORTED_COMMAND);
    }

    @Test
    void headerOverTheMaxSize() {
        byte[] header = TestHeaders.encode(TestHeaders.v2Builder().tlv(0xE1, new byte[300]));
        assertRejected(header, Reason.HEADER_TOO_LARGE);
    }

    @Test
    void crc32cMismatch() {
        byte[] header = TestHeaders.encode(
                TestHeaders.v2Builder().authority("example.com").crc32c());
        String text = new String(header, StandardCharsets.ISO_8859_1);
        header[text.indexOf("example.com")] = 'E';
        assertRejected(concat(header, ascii(RawClient.get("/whoami"))), Reason.CRC32C_MISMATCH);
    }

    @Test
    void tlvLongerThanTheHeader() {
        byte[] header = TestHeaders.encode(TestHeaders.v2Builder().authority("example.com"));
        // The AUTHORITY TLV (type, length, value) is last: claim 200 bytes where 11 follow.
        int lengthAt = header.length - "example.com".length() - 2;
        header[lengthAt] = 0;
        header[lengthAt + 1] = (byte) 200;
        assertRejected(header, Reason.TLV_MALFORMED);
    }

    @Test
    void versionNotAccepted() {
        tomcat.close();
        tomcat = TestTomcat.builder().attribute("proxyProtocolVersions", "v2").start();
        assertRejected(concat(TestHeaders.v1(), ascii(RawClient.get("/whoami"))), Reason.VERSION_NOT_ACCEPTED);
    }

    @Test
    void timeoutWithNothingSent() {
        assertTimesOut(new byte[0]);
    }

    @Test
    void timeoutWithHalfAHeader() {
        byte[] header = TestHeaders.v2();
        assertTimesOut(Arrays.copyOf(header, header.length / 2));
    }

    @Test
    void peerClosesWithHalfAHeader() {
        int calls = WhoAmIServlet.CALLS.get();
        int port;
        try (RawClient client = RawClient.connect(tomcat.port())) {
            port = client.localAddress().getPort();
            client.send(Arrays.copyOf(TestHeaders.v1(), 20));
        }
        Await.until(Duration.ofSeconds(5), "counted", () -> tomcat.metrics().rejections(Reason.CONNECTION_CLOSED) == 1);
        assertThat(WhoAmIServlet.CALLS.get()).isEqualTo(calls);
        assertOneLogLine(port, Reason.CONNECTION_CLOSED);
    }

    @Test
    void floodIsLoggedAtMostTenTimesAMinute() {
        for (int i = 0; i < 25; i++) {
            try (RawClient client = RawClient.connect(tomcat.port())) {
                client.send(RawClient.get("/whoami"));
                client.assertClosedWithoutResponse(Duration.ofSeconds(5));
            }
        }
        Await.until(Duration.ofSeconds(5), "counted", () -> tomcat.metrics().getRejectedConnections() == 25);
        assertThat(log.warningsContaining(tomcat.name())).hasSize(10);
    }

    private void assertTimesOut(byte[] partialHeader) {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            int calls = WhoAmIServlet.CALLS.get();
            long start = System.nanoTime();
            client.send(partialHeader);
            assertRejected(client, calls, Reason.TIMEOUT, Duration.ofMillis(HEADER_TIMEOUT_MILLIS + 4000));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MILLIS);
            assertThat(tomcat.metrics().getTimeouts()).isEqualTo(1);
        }
    }

    private void assertRejected(byte[] sent, Reason reason) {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            int calls = WhoAmIServlet.CALLS.get();
            client.send(sent);
            assertRejected(client, calls, reason, Duration.ofSeconds(5));
        }
    }

    private void assertRejected(RawClient client, int servletCallsBefore, Reason reason, Duration within) {
        client.assertClosedWithoutResponse(within);
        Await.until(Duration.ofSeconds(5), "counted", () -> tomcat.metrics().rejections(reason) == 1);
        assertThat(tomcat.metrics().getRejectedConnections()).isEqualTo(1);
        assertThat(WhoAmIServlet.CALLS.get()).isEqualTo(servletCallsBefore);
        assertOneLogLine(client.localAddress().getPort(), reason);
        assertNothingInTheAccessLog();
    }

    private void assertOneLogLine(int peerPort, Reason reason) {
        assertThat(log.warningsContaining(tomcat.name()))
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("/127.0.0.1:" + peerPort)
                .contains(reason.code());
    }

    private void assertNothingInTheAccessLog() {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Whoami.ask(client.send(TestHeaders.v2()));
        }
        tomcat.awaitAccessLog(line -> line.contains("/whoami"));
        assertThat(tomcat.accessLog())
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith(TestHeaders.CLIENT_IP);
    }
}
