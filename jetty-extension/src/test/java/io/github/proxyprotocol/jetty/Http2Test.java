package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/2 behind the header: h2 over TLS with ALPN, h2c with prior knowledge and h2c by upgrade; many streams. */
class Http2Test {
    private static final int STREAMS = 6;

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void h2OverTlsWithAlpn() throws Exception {
        try (HeaderInjectingRelay relay =
                HeaderInjectingRelay.start(server.tlsPort(), (client, at) -> TestHeaders.v2())) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .sslContext(TestCertificates.clientContext())
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            List<HttpResponse<String>> responses =
                    sendConcurrently(client, "https://localhost:" + relay.port() + "/h2-");

            assertThat(responses).hasSize(STREAMS).allSatisfy(response -> {
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(WhoAmIHandler.parse(response.body()))
                        .containsEntry("remoteAddr", CLIENT_IP)
                        .containsEntry("localAddr", DESTINATION_IP)
                        .containsEntry("protocol", "HTTP/2.0")
                        .containsEntry("secure", "true")
                        .containsEntry("header", "v2 PROXY");
            });
            assertThat(relay.acceptedConnections())
                    .as("streams of one connection")
                    .isEqualTo(1);
            assertThat(server.awaitLogLine(line -> line.contains("/h2-" + (STREAMS - 1))))
                    .startsWith(CLIENT_IP + " ");
        }
    }

    @Test
    void h2cWithPriorKnowledge() throws Exception {
        try (HeaderInjectingRelay relay = HeaderInjectingRelay.start(server.port(), (client, at) -> TestHeaders.v1())) {
            org.eclipse.jetty.client.HttpClient client =
                    new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
            client.start();
            try {
                for (int i = 0; i < 3; i++) {
                    ContentResponse response = client.GET("http://127.0.0.1:" + relay.port() + "/h2c-" + i);
                    assertThat(response.getVersion().asString()).isEqualTo("HTTP/2.0");
                    assertThat(WhoAmIHandler.parse(response.getContentAsString()))
                            .containsEntry("remoteAddr", CLIENT_IP)
                            .containsEntry("protocol", "HTTP/2.0")
                            .containsEntry("secure", "false")
                            .containsEntry("header", "v1 PROXY");
                }
            } finally {
                client.stop();
            }
            assertThat(relay.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void h2cByUpgradeFromHttp11() throws Exception {
        try (HeaderInjectingRelay relay = HeaderInjectingRelay.start(server.port(), (client, at) -> TestHeaders.v2())) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String base = "http://127.0.0.1:" + relay.port() + "/upgrade-";
            HttpResponse<String> first = client.send(
                    HttpRequest.newBuilder(URI.create(base + "first")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = client.send(
                    HttpRequest.newBuilder(URI.create(base + "second")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(WhoAmIHandler.parse(first.body())).containsEntry("remoteAddr", CLIENT_IP);
            assertThat(WhoAmIHandler.parse(second.body()))
                    .containsEntry("remoteAddr", CLIENT_IP)
                    .containsEntry("protocol", "HTTP/2.0");
            assertThat(relay.acceptedConnections()).isEqualTo(1);
        }
    }

    private static List<HttpResponse<String>> sendConcurrently(HttpClient client, String base) throws Exception {
        // one request first, so that the others share its connection
        List<HttpResponse<String>> responses = new ArrayList<>();
        responses.add(client.send(
                HttpRequest.newBuilder(URI.create(base + 0)).build(), HttpResponse.BodyHandlers.ofString()));
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 1; i < STREAMS; i++) {
            pending.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + i)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> future : pending) {
            responses.add(future.get());
        }
        return responses;
    }
}
