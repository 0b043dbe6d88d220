package io.github.proxyprotocol.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RawHttpClientTest {

    private static final String HEADER = "PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n";

    /** Reads the PROXY line, then answers every request with its path and the header, alternating framing. */
    private static void serveWithHeader(Socket socket, boolean tls) throws Exception {
        InputStream rawIn = socket.getInputStream();
        String header = TestServer.readLine(rawIn);
        Socket conversation = socket;
        if (tls) {
            SSLSocket ssl = (SSLSocket)
                    TestCertificates.serverContext().getSocketFactory().createSocket(socket, null, true);
            ssl.setUseClientMode(false);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            conversation = ssl;
        }
        InputStream in = conversation.getInputStream();
        OutputStream out = conversation.getOutputStream();
        int count = 0;
        String requestLine;
        while ((requestLine = TestServer.readRequestHead(in)) != null) {
            String body = requestLine.split(" ")[1] + "|" + header.trim();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String response = count++ % 2 == 0
                    ? "HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\nX-Test: a\r\nX-Test: b\r\n\r\n" + body
                    : "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(3) + "\r\n"
                            + body.substring(0, 3) + "\r\n" + Integer.toHexString(bytes.length - 3) + "\r\n"
                            + body.substring(3) + "\r\n0\r\n\r\n";
            out.write(response.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void sendsPrefixThenRequest(WriteMode mode) throws Exception {
        try (TestServer server = TestServer.start(socket -> serveWithHeader(socket, false))) {
            RawHttpResponse response = RawHttpClient.to(server.port())
                    .prefix(HEADER)
                    .writeMode(mode)
                    .get("/whoami");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.reason()).isEqualTo("OK");
            assertThat(response.headerValues("x-test")).containsExactly("a", "b");
            assertThat(response.body()).isEqualTo("/whoami|" + HEADER.trim());
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void keepAliveReadsEveryResponseOnOneConnection() throws Exception {
        try (TestServer server = TestServer.start(socket -> serveWithHeader(socket, false))) {
            List<RawHttpResponse> responses =
                    RawHttpClient.to(server.port()).prefix(HEADER).getAll("/a", "/b", "/c");

            assertThat(responses).extracting(RawHttpResponse::status).containsExactly(200, 201, 200);
            assertThat(responses)
                    .extracting(RawHttpResponse::body)
                    .containsExactly("/a|" + HEADER.trim(), "/b|" + HEADER.trim(), "/c|" + HEADER.trim());
            assertThat(responses.get(1).header("transfer-encoding")).isEqualTo("chunked");
            server.nextAccepted();
            assertThat(server.failures()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void startsTlsAfterThePrefixWithAlpn(WriteMode mode) throws Exception {
        try (TestServer server = TestServer.start(socket -> serveWithHeader(socket, true))) {
            RawHttpClient client = RawHttpClient.to("localhost", server.port())
                    .prefix(HEADER)
                    .writeMode(mode)
                    .alpn("h2", "http/1.1");
            try (RawConnection connection = client.connect()) {
                assertThat(connection.isTls()).isTrue();
                assertThat(connection.applicationProtocol()).isEqualTo("http/1.1");
                assertThat(connection.get("/one").body()).isEqualTo("/one|" + HEADER.trim());
                assertThat(connection.get("/two").body()).isEqualTo("/two|" + HEADER.trim());
            }
        }
    }

    @Test
    void bindsTheChosenLocalAddress() throws Exception {
        try (TestServer server = TestServer.start(socket -> {
            String peer = socket.getInetAddress().getHostAddress();
            socket.getOutputStream()
                    .write(("HTTP/1.1 200 OK\r\nContent-Length: " + peer.length() + "\r\n\r\n" + peer)
                            .getBytes(StandardCharsets.US_ASCII));
        })) {
            assertThat(RawHttpClient.to(server.port())
                            .from("127.0.0.2")
                            .get("/")
                            .body())
                    .isEqualTo("127.0.0.2");
        }
    }

    @Test
    void closedWithoutResponsePassesWhenTheServerJustCloses() throws Exception {
        try (TestServer server = TestServer.start(socket -> TestServer.readLine(socket.getInputStream()))) {
            RawHttpClient.to(server.port()).prefix("GARBAGE\r\n").assertClosedWithoutResponse();
        }
    }

    @Test
    void closedWithoutResponsePassesWhenTheServerResets() throws Exception {
        try (TestServer server = TestServer.start(socket -> {
            socket.setSoLinger(true, 0);
            TestServer.readLine(socket.getInputStream());
        })) {
            RawHttpClient.to(server.port()).prefix("GARBAGE\r\n").assertClosedWithoutResponse();
        }
    }

    @Test
    void closedWithoutResponseFailsWhenTheServerAnswers() throws Exception {
        try (TestServer server = TestServer.start(socket -> {
            TestServer.readLine(socket.getInputStream());
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            RawHttpClient client = RawHttpClient.to(server.port()).prefix("GARBAGE\r\n");

            assertThatThrownBy(client::assertClosedWithoutResponse)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("it sent 28 bytes: HTTP/1.1 400 Bad Request\\r\\n\\r\\n");
        }
    }

    @Test
    void closedWithoutResponseFailsWhenTheConnectionStaysOpen() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start(socket -> release.await(10, TimeUnit.SECONDS))) {
            try (RawConnection connection =
                    RawHttpClient.to(server.port()).openAndSend("PROXY TCP4 ".getBytes(StandardCharsets.US_ASCII))) {
                assertThatThrownBy(() -> connection.awaitClosedWithoutResponse(Duration.ofMillis(200)))
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("still open after PT0.2S");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void openAndSendKeepsTheConnectionUntilTheServerCloses() throws Exception {
        try (TestServer server = TestServer.start(socket -> {
            byte[] partial = socket.getInputStream().readNBytes(6);
            assertThat(new String(partial, StandardCharsets.US_ASCII)).isEqualTo("PROXY ");
        })) {
            try (RawConnection connection = RawHttpClient.to(server.port())
                    .oneBytePerWrite()
                    .openAndSend("PROXY ".getBytes(StandardCharsets.US_ASCII))) {
                assertThat(connection.localAddress().getAddress().getHostAddress())
                        .isEqualTo("127.0.0.1");
                assertThat(connection.remoteAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", server.port()));
                connection.awaitClosedWithoutResponse();
            }
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void ipv6HostHeaderIsBracketed() {
        assertThat(new String(RawHttpClient.to("::1", 8080).getRequest("/x", true), StandardCharsets.US_ASCII))
                .isEqualTo("GET /x HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n");
    }
}
