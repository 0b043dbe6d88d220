package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS and HTTP/2 cases beyond the contract's: the header and the ClientHello in one write, a refusal and a direct
 * client on a TLS connector, an SSL TLV over h2c, and h2c with prior knowledge.
 */
class TlsAndHttp2Test {
    private static TestTomcat https;
    private static TestTomcat plain;

    @BeforeAll
    static void startTomcats() {
        https = TestTomcat.builder().tls().http2().start();
        plain = TestTomcat.builder().http2().start();
    }

    @AfterAll
    static void stopTomcats() {
        https.close();
        plain.close();
    }

    @Test
    void headerAndClientHelloInOneWrite() throws IOException {
        try (PrefixingSocket plainSocket = new PrefixingSocket(TestHeaders.v2())) {
            plainSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), https.port()), 5000);
            plainSocket.setSoTimeout(10_000);
            try (SSLSocket tls = (SSLSocket) TestCertificates.clientContext()
                    .getSocketFactory()
                    .createSocket(plainSocket, "localhost", https.port(), true)) {
                tls.startHandshake();
                tls.getOutputStream()
                        .write("GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                String response = new String(tls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 200");
                Json json = Json.parse(response.substring(response.indexOf("\r\n\r\n") + 4));
                assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
                assertThat(json.getInt("remotePort")).isEqualTo(TestHeaders.CLIENT_PORT);
                assertThat(json.getBoolean("secure")).isTrue();
            }
        }
    }

    @Test
    void badHeaderBeforeTlsIsClosedWithoutResponse() {
        long before = https.metrics().rejections(Reason.V1_MALFORMED);
        try (RawConnection connection = RawHttpClient.to(https.port())
                .openAndSend(TestHeaders.ascii("PROXY TCP4 1.2.3.4.5 192.0.2.1 1 2\r\n"))) {
            connection.awaitClosedWithoutResponse(Duration.ofSeconds(5));
        }
        Await.until(
                Duration.ofSeconds(5), "counted", () -> https.metrics().rejections(Reason.V1_MALFORMED) == before + 1);
    }

    @Test
    void directTlsClientWhenTheHeaderIsOptional() {
        try (TestTomcat optional = TestTomcat.builder()
                        .tls()
                        .attribute("proxyProtocolDirectClients", "127.0.0.1")
                        .start();
                RawConnection connection = RawHttpClient.to(optional.port())
                        .tls(TestCertificates.clientContext())
                        .connect()) {
            Json json = Json.of(connection.get("/whoami"));
            assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
            assertThat(json.getInt("remotePort"))
                    .isEqualTo(connection.localAddress().getPort());
            assertThat(json.get("proxy")).isNull();
            assertThat(json.getBoolean("secure")).isTrue();
        }
    }

    @Test
    void sslTlvMakesHttp2OnAPlainConnectorSecure() throws Exception {
        byte[] header = TestHeaders.encode(TestHeaders.v2Builder().ssl(new SslTlv(SslTlv.CLIENT_SSL, 0, List.of())));
        try (HeaderInjectingRelay relay = HeaderInjectingRelay.start(plain.port(), (client, relayAddress) -> header)) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            URI uri = URI.create("http://127.0.0.1:" + relay.port() + "/whoami");
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            Json json = Json.parse(response.body());
            assertThat(json.getBoolean("secure")).isTrue();
            assertThat(json.getString("scheme")).isEqualTo("https");
        }
    }

    @Test
    void h2cWithPriorKnowledgeAfterTheHeader() {
        Curl.assumeAvailable();
        Curl.Result result = Curl.haproxyProtocol(
                "http://127.0.0.1:" + plain.port() + "/whoami", "--http2-prior-knowledge", "--interface", "127.0.0.1");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Json json = Json.parse(result.stdout());
        assertThat(json.getString("protocol")).isEqualTo("HTTP/2.0");
        assertThat(json.getInt("proxy.version")).isEqualTo(1);
        assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
    }

    /** A socket whose first write carries a prefix in the same {@code write} call (one TCP segment). */
    private static final class PrefixingSocket extends Socket {
        private byte[] prefix;
        private OutputStream prefixing;

        PrefixingSocket(byte[] prefix) {
            this.prefix = prefix;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (prefixing == null) {
                OutputStream socketOut = super.getOutputStream();
                prefixing = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        byte[] both = new byte[prefix.length + length];
                        System.arraycopy(prefix, 0, both, 0, prefix.length);
                        System.arraycopy(bytes, offset, both, prefix.length, length);
                        prefix = new byte[0];
                        socketOut.write(both);
                    }

                    @Override
                    public void flush() throws IOException {
                        socketOut.flush();
                    }
                };
            }
            return prefixing;
        }
    }
}
