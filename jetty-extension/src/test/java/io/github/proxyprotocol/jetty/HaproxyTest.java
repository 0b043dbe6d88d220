package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real HAProxy in front of the embedded Jetty, real curl as the client. HAProxy rewrites each client's source to
 * 203.0.113.7:4242 ({@code tcp-request connection set-src}), so the address Jetty reports can only come from the
 * header.
 */
class HaproxyTest {
    private static final String CURL_TIMEOUT = "10";

    private static TestServer server;
    private static Haproxy haproxy;
    private static int v1Port;
    private static int v2Port;
    private static int offloadPort;
    private static int passthroughPort;

    @BeforeAll
    static void start() {
        Haproxy.assumeAvailable();
        Curl.assumeAvailable();
        server = TestServer.start();
        v1Port = FreePorts.find();
        v2Port = FreePorts.find();
        offloadPort = FreePorts.find();
        passthroughPort = FreePorts.find();
        String rewriteSource = """
                  tcp-request connection set-src ipv4(%s)
                  tcp-request connection set-src-port int(4242)
                """.formatted(CLIENT_IP);
        haproxy = Haproxy.start(Haproxy.DEFAULTS
                + """
                frontend v1
                  mode tcp
                  bind 127.0.0.1:%1$d
                %5$s
                  default_backend jetty_v1
                frontend v2
                  mode tcp
                  bind 127.0.0.1:%2$d
                %5$s
                  unique-id-format %%{+X}o%%ci:%%cp_%%fi:%%fp_%%Ts_%%rt
                  default_backend jetty_v2
                frontend tls_offload
                  mode tcp
                  bind 127.0.0.1:%3$d ssl crt %7$s ca-file %8$s verify optional
                %5$s
                  default_backend jetty_ssl_tlvs
                frontend tls_passthrough
                  mode tcp
                  bind 127.0.0.1:%4$d
                %5$s
                  default_backend jetty_tls
                backend jetty_v1
                  mode tcp
                  server jetty 127.0.0.1:%6$d send-proxy
                backend jetty_v2
                  mode tcp
                  server jetty 127.0.0.1:%6$d send-proxy-v2 proxy-v2-options unique-id check check-send-proxy inter 300ms
                backend jetty_ssl_tlvs
                  mode tcp
                  server jetty 127.0.0.1:%6$d send-proxy-v2-ssl-cn
                backend jetty_tls
                  mode tcp
                  server jetty 127.0.0.1:%9$d send-proxy-v2
                """.formatted(
                                v1Port,
                                v2Port,
                                offloadPort,
                                passthroughPort,
                                rewriteSource,
                                server.port(),
                                TestCertificates.serverPem(),
                                TestCertificates.caPem(),
                                server.tlsPort()));
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
        Map<String, String> seen = curl("http://127.0.0.1:" + v1Port + "/haproxy-v1");

        assertThat(seen)
                .containsEntry("remoteAddr", CLIENT_IP)
                .containsEntry("remotePort", "4242")
                .containsEntry("localAddr", "127.0.0.1")
                .containsEntry("localPort", String.valueOf(v1Port))
                .containsEntry("header", "v1 PROXY")
                .containsEntry("secure", "false");
        assertThat(server.awaitLogLine(line -> line.contains("/haproxy-v1"))).startsWith(CLIENT_IP + " ");
    }

    @Test
    void v2WithUniqueIdAndLocalHealthChecks() {
        Map<String, String> seen = curl("http://127.0.0.1:" + v2Port + "/haproxy-v2");

        assertThat(seen)
                .containsEntry("remoteAddr", CLIENT_IP)
                .containsEntry("localPort", String.valueOf(v2Port))
                .containsEntry("header", "v2 PROXY")
                .containsKey("uniqueIdLength");
        assertThat(server.awaitLogLine(line -> line.contains("/haproxy-v2"))).startsWith(CLIENT_IP + " ");
        Await.until(
                Duration.ofSeconds(10),
                () -> "no LOCAL header from HAProxy's health checks: " + server.metrics(),
                () -> server.metrics().getLocalHeaders() > 0);
        assertThat(server.metrics().getRejectedConnections()).isZero();
    }

    @Test
    void v2WithSslTlvsFromTlsOffloadMarksTheRequestSecure() {
        Map<String, String> seen = curl(
                "--cacert",
                TestCertificates.serverCertificatePem().toString(),
                "--cert",
                TestCertificates.clientPem().toString(),
                "https://localhost:" + offloadPort + "/haproxy-offload");

        assertThat(seen)
                .containsEntry("remoteAddr", CLIENT_IP)
                .containsEntry("header", "v2 PROXY")
                .containsEntry("secure", "true")
                .containsEntry("scheme", "https")
                .containsEntry("sslCn", TestCertificates.CLIENT_CN);
        assertThat(seen.get("sslVersion")).startsWith("TLSv1.");
    }

    @Test
    void tlsPassthroughWithHttp11AndHttp2() {
        String url = "https://localhost:" + passthroughPort + "/haproxy-passthrough";
        String ca = TestCertificates.serverCertificatePem().toString();

        Map<String, String> h1 = curl("--http1.1", "--cacert", ca, url);
        Map<String, String> h2 = curl("--http2", "--cacert", ca, url);

        assertThat(h1)
                .containsEntry("remoteAddr", CLIENT_IP)
                .containsEntry("protocol", "HTTP/1.1")
                .containsEntry("secure", "true")
                .containsEntry("header", "v2 PROXY");
        assertThat(h2)
                .containsEntry("remoteAddr", CLIENT_IP)
                .containsEntry("protocol", "HTTP/2.0")
                .containsEntry("secure", "true");
    }

    @Test
    void curlSendingItsOwnV1Header() {
        Curl.Result result = Curl.haproxyProtocol("http://127.0.0.1:" + server.port() + "/curl-v1");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(WhoAmIHandler.parse(result.stdout()))
                .containsEntry("remoteAddr", "127.0.0.1")
                .containsEntry("header", "v1 PROXY");
    }

    private static Map<String, String> curl(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "-sS";
        all[1] = "--max-time";
        all[2] = CURL_TIMEOUT;
        System.arraycopy(args, 0, all, 3, args.length);
        Curl.Result result = Curl.run(all);
        assertThat(result.exitCode())
                .as("curl %s: %s\nhaproxy: %s", String.join(" ", args), result.stderr(), haproxy.output())
                .isZero();
        return WhoAmIHandler.parse(result.stdout());
    }
}
