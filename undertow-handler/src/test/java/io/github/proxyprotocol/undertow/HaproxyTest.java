package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real HAProxy in front of Undertow: clients connect from 127.0.0.2, HAProxy reaches Undertow from 127.0.0.1, the one
 * trusted proxy. Frontends: v1, v2, v2 with TLS terminated by HAProxy (SSL TLVs, client certificate), and TLS
 * passed through to Undertow's HTTPS listener; HAProxy's health checks send v2 LOCAL headers.
 */
class HaproxyTest {
    private static TestServer server;
    private static Haproxy haproxy;
    private static int v1Port;
    private static int v2Port;
    private static int tlsTerminatingPort;
    private static int tlsPassthroughPort;

    @BeforeAll
    static void start() {
        Haproxy.assumeAvailable();
        server = TestServer.builder()
                .trustedProxies("127.0.0.1/32")
                .https()
                .http2()
                .start();
        v1Port = FreePorts.find();
        v2Port = FreePorts.find();
        tlsTerminatingPort = FreePorts.find();
        tlsPassthroughPort = FreePorts.find();
        haproxy = Haproxy.start(Haproxy.DEFAULTS
                + """
                frontend v1
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend v1
                backend v1
                  mode tcp
                  server undertow 127.0.0.1:%d send-proxy
                frontend v2
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend v2
                backend v2
                  mode tcp
                  server undertow 127.0.0.1:%d send-proxy-v2 check check-send-proxy inter 200ms
                frontend tls-terminating
                  mode tcp
                  bind 127.0.0.1:%d ssl crt %s ca-file %s verify optional
                  default_backend tls-terminating
                backend tls-terminating
                  mode tcp
                  server undertow 127.0.0.1:%d send-proxy-v2-ssl-cn
                frontend tls-passthrough
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend tls-passthrough
                backend tls-passthrough
                  mode tcp
                  server undertow 127.0.0.1:%d send-proxy-v2
                """.formatted(
                                v1Port,
                                server.port(),
                                v2Port,
                                server.port(),
                                tlsTerminatingPort,
                                TestCertificates.serverPem(),
                                TestCertificates.caPem(),
                                server.port(),
                                tlsPassthroughPort,
                                server.httpsPort()));
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void v1() {
        Map<String, String> seen =
                Seen.of(RawHttpClient.to(v1Port).from("127.0.0.2").get("/v1"));

        assertThat(seen.get("remote")).startsWith("127.0.0.2:");
        assertThat(seen.get("peer")).startsWith("127.0.0.1:");
        assertThat(seen).containsEntry("header", "V1 PROXY INET").containsEntry("local", "127.0.0.1:" + v1Port);
    }

    @Test
    void v2KeepAlive() {
        assertThat(RawHttpClient.to(v2Port).from("127.0.0.2").getAll("/a", "/b"))
                .allSatisfy(response -> assertThat(Seen.of(response))
                        .containsEntry("header", "V2 PROXY INET")
                        .containsEntry("local", "127.0.0.1:" + v2Port)
                        .containsEntry("secure", "false")
                        .hasEntrySatisfying(
                                "remote", remote -> assertThat(remote).startsWith("127.0.0.2:")));
    }

    @Test
    void healthChecksSendLocalHeaders() throws Exception {
        Await.until(
                Duration.ofSeconds(10),
                "a LOCAL header from a health check",
                () -> server.metrics().getLocalHeaders() > 0);
        assertThat(server.metrics().getRejectedConnections()).isZero();
    }

    @Test
    void tlsTerminatedByHaproxyMarksTheRequestSecure() {
        Map<String, String> seen = Seen.of(RawHttpClient.to(tlsTerminatingPort)
                .from("127.0.0.2")
                .tls(TestCertificates.clientContextWithCertificate())
                .get("/terminated"));

        assertThat(seen.get("remote")).startsWith("127.0.0.2:");
        assertThat(seen)
                .containsEntry("secure", "true")
                .containsEntry("scheme", "https")
                .containsEntry("tls", "false");
        assertThat(seen.get("header")).matches("V2 PROXY INET ssl=\\d+/TLSv1\\.[23]/test-client");
    }

    @Test
    void curlThroughTlsTerminatingHaproxy() {
        Curl.Result result = Curl.run(
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                TestCertificates.serverCertificatePem().toString(),
                "--interface",
                "127.0.0.2",
                "https://127.0.0.1:" + tlsTerminatingPort + "/curl");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String> seen = Seen.of(result.stdout());
        assertThat(seen.get("remote")).startsWith("127.0.0.2:");
        assertThat(seen).containsEntry("secure", "true");
        assertThat(seen.get("header")).matches("V2 PROXY INET ssl=1/TLSv1\\.[23]/-");
    }

    @Test
    void tlsPassedThroughToUndertow() {
        Map<String, String> seen = Seen.of(
                RawHttpClient.to(tlsPassthroughPort).from("127.0.0.2").tls().get("/passthrough"));

        assertThat(seen.get("remote")).startsWith("127.0.0.2:");
        assertThat(seen).containsEntry("tls", "true").containsEntry("header", "V2 PROXY INET");
    }

    @Test
    void http2OverTlsPassedThroughToUndertow() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TestCertificates.clientContext())
                .version(HttpClient.Version.HTTP_2)
                .build();

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + tlsPassthroughPort + "/h2"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        Map<String, String> seen = Seen.of(response.body());
        // the client's connection to HAProxy, not HAProxy's to Undertow
        assertThat(seen.get("remote")).startsWith("127.0.0.1:").isNotEqualTo(seen.get("peer"));
        assertThat(seen)
                .containsEntry("protocol", "HTTP/2.0")
                .containsEntry("tls", "true")
                .containsEntry("header", "V2 PROXY INET");
    }
}
