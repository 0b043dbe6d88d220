package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The header comes before TLS: HTTPS, HTTP/2 over ALPN, and h2c on a plain connector. */
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

    /** How the header and the TLS ClientHello reach the server. */
    enum Delivery {
        HEADER_THEN_CLIENT_HELLO,
        HEADER_ONE_BYTE_PER_WRITE_THEN_CLIENT_HELLO,
        HEADER_AND_CLIENT_HELLO_IN_ONE_WRITE
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void httpsBehindTheHeader(Delivery delivery) {
        try (RawClient client = RawClient.connect(https.port())) {
            switch (delivery) {
                case HEADER_THEN_CLIENT_HELLO ->
                    client.send(TestHeaders.v2()).startTls(TestCertificates.clientContext());
                case HEADER_ONE_BYTE_PER_WRITE_THEN_CLIENT_HELLO ->
                    client.sendByteByByte(TestHeaders.v1()).startTls(TestCertificates.clientContext());
                case HEADER_AND_CLIENT_HELLO_IN_ONE_WRITE ->
                    client.startTls(TestHeaders.v2(), TestCertificates.clientContext());
            }
            for (int i = 0; i < 3; i++) {
                Json json = Whoami.ask(client);
                assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
                assertThat(json.getInt("remotePort")).isEqualTo(TestHeaders.CLIENT_PORT);
                assertThat(json.getString("localAddr")).isEqualTo(TestHeaders.DESTINATION_IP);
                assertThat(json.getBoolean("secure")).isTrue();
                assertThat(json.getString("scheme")).isEqualTo("https");
            }
        }
    }

    @Test
    void alpnNegotiatesHttp2AfterTheHeader() {
        try (RawClient client = RawClient.connect(https.port())) {
            client.send(TestHeaders.v2()).startTls(TestCertificates.clientContext(), "h2", "http/1.1");
            assertThat(client.applicationProtocol()).isEqualTo("h2");
        }
    }

    @Test
    void http2StreamsOverAlpnAllSeeTheHeader() throws Exception {
        try (HeaderInjectingRelay relay =
                HeaderInjectingRelay.start(https.port(), (client, relayAddress) -> TestHeaders.v2())) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .sslContext(TestCertificates.clientContext())
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI uri = URI.create("https://localhost:" + relay.port() + "/whoami");
            assertSeenAsTheClient(http, uri, "https");
        }
    }

    @Test
    void h2cUpgradeOnAPlainConnectorSeesTheHeader() throws Exception {
        try (HeaderInjectingRelay relay =
                HeaderInjectingRelay.start(plain.port(), (client, relayAddress) -> TestHeaders.v1())) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI uri = URI.create("http://127.0.0.1:" + relay.port() + "/whoami");
            HttpResponse<String> upgrade =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upgrade.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(Json.parse(upgrade.body()).getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            assertSeenAsTheClient(http, uri, "http");
        }
    }

    private static void assertSeenAsTheClient(HttpClient http, URI uri, String scheme) {
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 8)
                .mapToObj(
                        i -> http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (CompletableFuture<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            Json json = Json.parse(response.body());
            assertThat(json.getString("protocol")).isEqualTo("HTTP/2.0");
            assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(json.getInt("remotePort")).isEqualTo(TestHeaders.CLIENT_PORT);
            assertThat(json.getString("scheme")).isEqualTo(scheme);
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
    void badHeaderBeforeTlsIsClosedWithoutResponse() {
        long before = https.metrics().rejections(Reason.V1_MALFORMED);
        try (RawClient client = RawClient.connect(https.port())) {
            client.send("PROXY TCP4 1.2.3.4.5 192.0.2.1 1 2\r\n");
            client.assertClosedWithoutResponse(Duration.ofSeconds(5));
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
                RawClient client = RawClient.connect(optional.port())) {
            client.startTls(TestCertificates.clientContext());
            Json json = Whoami.ask(client);
            assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
            assertThat(json.getInt("remotePort"))
                    .isEqualTo(client.localAddress().getPort());
            assertThat(json.get("proxy")).isNull();
            assertThat(json.getBoolean("secure")).isTrue();
        }
    }
}
