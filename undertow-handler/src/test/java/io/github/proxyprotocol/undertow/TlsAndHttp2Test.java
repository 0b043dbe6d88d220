package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS and HTTP/2 cases beyond the contract's: a direct client and an untrusted peer on the HTTPS listener, and h2c with
 * prior knowledge after the header.
 */
class TlsAndHttp2Test {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .directClients("127.0.0.1")
                .https()
                .http2()
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HeaderInjectingRelay relay(int port) {
        return HeaderInjectingRelay.start(port, (client, relay) -> TestHeaders.v2WithTlvs("client"));
    }

    @Test
    void httpsFromADirectClientWithoutHeader() {
        Map<String, String> seen =
                Seen.of(RawHttpClient.to(server.httpsPort()).tls().get("/"));

        assertThat(seen).containsEntry("header", "none").containsEntry("tls", "true");
        assertThat(seen.get("remote")).startsWith("127.0.0.1:");
    }

    @Test
    void httpsFromAnUntrustedPeerIsClosedBeforeTls() {
        long rejected = server.gate(server.httpsPort()).metrics().rejections(Reason.UNTRUSTED_PEER);

        RawHttpClient.to(server.httpsPort()).from("127.0.0.2").tls().assertClosedWithoutResponse();

        assertThat(server.gate(server.httpsPort()).metrics().rejections(Reason.UNTRUSTED_PEER))
                .isEqualTo(rejected + 1);
    }

    @Test
    void h2cWithPriorKnowledgeFromCurl() {
        Curl.Result result = Curl.haproxyProtocol(
                "http://127.0.0.1:" + server.port() + "/prior-knowledge", "--http2-prior-knowledge");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String> seen = Seen.of(result.stdout());
        assertThat(seen).containsEntry("protocol", "HTTP/2.0").containsEntry("header", "V1 PROXY INET");
        // curl's header carries its own connection's addresses
        assertThat(seen.get("remote")).startsWith("127.0.0.1:").isEqualTo(seen.get("peer"));
    }

    /** One request to open the connection, then ten at once: HTTP/2 sends them as streams of that connection. */
    private static List<HttpResponse<String>> sendConcurrently(HttpClient client, String base) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        futures.add(CompletableFuture.completedFuture(client.send(
                HttpRequest.newBuilder(URI.create(base + "/first")).build(), HttpResponse.BodyHandlers.ofString())));
        for (int i = 0; i < 10; i++) {
            futures.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/stream-" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> future : futures) {
            responses.add(future.get());
        }
        return responses;
    }
}
