package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The header split at every byte, and the bytes after it (pipelined requests, later keep-alive requests) reaching
 * Undertow untouched.
 */
class SplitsAndPipeliningTest {
    private static final byte[] REQUEST =
            "GET /split HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void v1HeaderSplitAtEveryByte() throws IOException {
        assertEverySplitIsServed(TestHeaders.v1());
    }

    @Test
    void v2HeaderWithTlvsSplitAtEveryByte() throws IOException {
        assertEverySplitIsServed(TestHeaders.v2WithTlvs("client"));
    }

    private static void assertEverySplitIsServed(byte[] header) throws IOException {
        byte[] all = TestHeaders.concat(header, REQUEST);
        for (int at = 1; at <= header.length + 1; at++) {
            String response = sendInTwoWrites(all, at);
            assertThat(response)
                    .as("split after %d bytes", at)
                    .startsWith("HTTP/1.1 200")
                    .contains("remote=203.0.113.7:4242");
        }
    }

    /** Writes {@code bytes} in two writes, split after {@code at}, and reads everything up to the server's close. */
    private static String sendInTwoWrites(byte[] bytes, int at) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes, 0, at);
            out.flush();
            out.write(bytes, at, bytes.length - at);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void pipelinedRequestsInTheHeadersPacketAreServed() {
        RawHttpClient client = RawHttpClient.to(server.port()).prefix(TestHeaders.v2WithTlvs("client"));
        byte[] twoRequests = TestHeaders.concat(client.getRequest("/first", false), client.getRequest("/second", true));

        try (RawConnection connection = client.openAndSend(twoRequests)) {
            Map<String, String> first = Seen.of(connection.readResponse());
            Map<String, String> second = Seen.of(connection.readResponse());

            assertThat(first).containsEntry("path", "/first").containsEntry("remote", "203.0.113.7:4242");
            assertThat(second).containsEntry("path", "/second").containsEntry("remote", "203.0.113.7:4242");
        }
    }

    @Test
    void everyRequestOfAKeepAliveConnectionSeesTheHeader() {
        List<RawHttpResponse> responses = RawHttpClient.to(server.port())
                .oneBytePerWrite()
                .prefix(TestHeaders.v1())
                .getAll("/a", "/b", "/c");

        assertThat(responses)
                .hasSize(3)
                .allSatisfy(response -> assertThat(Seen.of(response))
                        .containsEntry("remote", "203.0.113.7:4242")
                        .containsEntry("local", "192.0.2.1:443"));
    }

    @Test
    void largeRequestBodyAfterTheHeaderArrivesWhole() {
        String body = "x".repeat(200_000);
        String request = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;

        RawHttpResponse response =
                RawHttpClient.to(server.port()).prefix(TestHeaders.v1()).exchange(request);

        assertThat(Seen.of(response))
                .containsEntry("path", "/upload")
                .containsEntry("bodyLength", "200000")
                .containsEntry("remote", "203.0.113.7:4242");
    }
}
