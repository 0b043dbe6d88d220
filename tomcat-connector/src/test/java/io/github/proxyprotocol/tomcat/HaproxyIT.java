package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real HAProxy in front of embedded Tomcat ({@code send-proxy}, {@code send-proxy-v2}, {@code send-proxy-v2-ssl-cn},
 * TLS passthrough, health checks), and {@code curl --haproxy-protocol}. The test client connects from 127.0.0.2, so
 * the address Tomcat reports (127.0.0.2) differs from HAProxy's (127.0.0.1). curl, which sends a header with its
 * own addresses, is itself the trusted proxy.
 */
class HaproxyIT {
    private static final String CLIENT = "127.0.0.2";

    private static TestTomcat plain;
    private static TestTomcat https;

    @BeforeAll
    static void startTomcats() {
        Haproxy.assumeAvailable();
        // HAProxy connects from 127.0.0.1; curl, sending its own header, from 127.0.0.2.
        String trusted = "127.0.0.1/32, " + CLIENT + "/32";
        plain = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", trusted)
                .http2()
                .start();
        https = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", trusted)
                .tls()
                .http2()
                .start();
    }

    @AfterAll
    static void stopTomcats() {
        if (plain != null) {
            plain.close();
            https.close();
        }
    }

    @BeforeEach
    void requireHaproxy() {
        Haproxy.assumeAvailable();
    }

    private static Haproxy tcpProxy(int frontend, int backend, String serverOptions) {
        return Haproxy.start(Haproxy.DEFAULTS + """
                frontend fe
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend be
                backend be
                  mode tcp
                  server tomcat 127.0.0.1:%d %s
                """.formatted(frontend, backend, serverOptions));
    }

    @Test
    void sendProxyV1() {
        int frontend = FreePorts.find();
        try (Haproxy haproxy = tcpProxy(frontend, plain.port(), "send-proxy");
                RawClient client = RawClient.connectFrom(CLIENT, frontend)) {
            Json json = Whoami.ask(client);
            assertSeenAsTheClient(json, client, frontend);
            assertThat(json.getInt("proxy.version")).isEqualTo(1);
            String line = plain.awaitAccessLog(
                    l -> l.contains(" " + client.localAddress().getPort() + " "));
            assertThat(line)
                    .startsWith(
                            CLIENT + " " + CLIENT + " " + client.localAddress().getPort() + " 200 GET /whoami");
        }
    }

    @Test
    void sendProxyV2WithKeepAlive() {
        int frontend = FreePorts.find();
        try (Haproxy haproxy = tcpProxy(frontend, plain.port(), "send-proxy-v2");
                RawClient client = RawClient.connectFrom(CLIENT, frontend)) {
            for (int i = 0; i < 5; i++) {
                Json json = Whoami.ask(client);
                assertSeenAsTheClient(json, client, frontend);
                assertThat(json.getInt("proxy.version")).isEqualTo(2);
            }
        }
    }

    @Test
    void sendProxyV2SslFromHaproxyTerminatingTls() {
        int frontend = FreePorts.find();
        String config = Haproxy.DEFAULTS
                + """
                frontend fe
                  mode http
                  bind 127.0.0.1:%d ssl crt %s ca-file %s verify optional alpn http/1.1
                  default_backend be
                backend be
                  mode http
                  server tomcat 127.0.0.1:%d send-proxy-v2-ssl-cn
                """.formatted(frontend, TestCertificates.serverPem(), TestCertificates.caPem(), plain.port());
        try (Haproxy haproxy = Haproxy.start(config);
                RawClient client = RawClient.connectFrom(CLIENT, frontend)) {
            client.startTls(TestCertificates.clientContextWithCertificate());
            Json json = Whoami.ask(client);
            assertSeenAsTheClient(json, client, frontend);
            // Tomcat's connector is plain; the SSL TLV says the client used TLS to HAProxy.
            assertThat(json.getBoolean("secure")).isTrue();
            assertThat(json.getString("scheme")).isEqualTo("https");
            assertThat(json.getInt("proxy.ssl.client") & 1).isEqualTo(1);
            assertThat(json.getBoolean("proxy.ssl.verified")).isTrue();
            assertThat(json.getString("proxy.ssl.version")).startsWith("TLSv1.");
            assertThat(json.getString("proxy.ssl.cn")).isEqualTo(TestCertificates.CLIENT_CN);
        }
    }

    @Test
    void tlsPassthroughToTomcatsHttps() {
        int frontend = FreePorts.find();
        try (Haproxy haproxy = tcpProxy(frontend, https.port(), "send-proxy-v2");
                RawClient client = RawClient.connectFrom(CLIENT, frontend)) {
            client.startTls(TestCertificates.clientContext());
            Json json = Whoami.ask(client);
            assertSeenAsTheClient(json, client, frontend);
            assertThat(json.getBoolean("secure")).isTrue();
            assertThat(json.getString("proxy.ssl")).isNull();
        }
    }

    @Test
    void http2OverAlpnThroughTlsPassthrough() {
        int frontend = FreePorts.find();
        try (Haproxy haproxy = tcpProxy(frontend, https.port(), "send-proxy-v2")) {
            Curl.Result result = Curl.run(
                    "-sS",
                    "--http2",
                    "--interface",
                    CLIENT,
                    "--cacert",
                    TestCertificates.serverCertificatePem().toString(),
                    "https://localhost:" + frontend + "/whoami");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            Json json = Json.parse(result.stdout());
            assertThat(json.getString("protocol")).isEqualTo("HTTP/2.0");
            assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
            assertThat(json.getInt("localPort")).isEqualTo(frontend);
            assertThat(json.getBoolean("secure")).isTrue();
        }
    }

    @Test
    void healthChecksSendLocalHeaders() {
        int frontend = FreePorts.find();
        long localBefore = plain.metrics().getLocalHeaders();
        long rejectedBefore = plain.metrics().getRejectedConnections();
        String config = Haproxy.DEFAULTS + """
                frontend fe
                  mode http
                  bind 127.0.0.1:%d
                  default_backend be
                backend be
                  mode http
                  option httpchk GET /whoami
                  server tomcat 127.0.0.1:%d send-proxy-v2 check check-send-proxy inter 200ms
                """.formatted(frontend, plain.port());
        try (Haproxy haproxy = Haproxy.start(config)) {
            Await.until(
                    Duration.ofSeconds(10),
                    "health checks with LOCAL headers",
                    () -> plain.metrics().getLocalHeaders() >= localBefore + 2);
            try (RawClient client = RawClient.connectFrom(CLIENT, frontend)) {
                assertSeenAsTheClient(Whoami.ask(client), client, frontend);
            }
        }
        assertThat(plain.metrics().getRejectedConnections()).isEqualTo(rejectedBefore);
        assertThat(plain.metrics().rejections(Reason.NOT_PROXY_PROTOCOL)).isZero();
    }

    @Test
    void curlHaproxyProtocol() {
        Curl.assumeAvailable();
        Curl.Result result =
                Curl.haproxyProtocol("http://127.0.0.1:" + plain.port() + "/whoami", "--interface", CLIENT);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Json json = Json.parse(result.stdout());
        assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
        assertThat(json.getInt("proxy.version")).isEqualTo(1);
        assertThat(json.getString("protocol")).isEqualTo("HTTP/1.1");
    }

    @Test
    void curlHaproxyProtocolWithH2cPriorKnowledge() {
        Curl.assumeAvailable();
        Curl.Result result = Curl.haproxyProtocol(
                "http://127.0.0.1:" + plain.port() + "/whoami", "--http2-prior-knowledge", "--interface", CLIENT);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Json json = Json.parse(result.stdout());
        assertThat(json.getString("protocol")).isEqualTo("HTTP/2.0");
        assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
    }

    @Test
    void curlHaproxyProtocolWithHttp2OverTls() {
        Curl.assumeAvailable();
        Curl.Result result = Curl.haproxyProtocol(
                "https://localhost:" + https.port() + "/whoami",
                "--http2",
                "--interface",
                CLIENT,
                "--cacert",
                TestCertificates.serverCertificatePem().toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Json json = Json.parse(result.stdout());
        assertThat(json.getString("protocol")).isEqualTo("HTTP/2.0");
        assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
        assertThat(json.getBoolean("secure")).isTrue();
    }

    private static void assertSeenAsTheClient(Json json, RawClient client, int frontend) {
        assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
        assertThat(json.getString("remoteHost")).isEqualTo(CLIENT);
        assertThat(json.getInt("remotePort")).isEqualTo(client.localAddress().getPort());
        assertThat(json.getString("localAddr")).isEqualTo("127.0.0.1");
        assertThat(json.getInt("localPort")).isEqualTo(frontend);
        assertThat(json.getString("peer")).startsWith("/127.0.0.1:");
    }
}
