package io.github.proxyprotocol.testsupport.contract;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's cases with real senders: HAProxy ({@code send-proxy}, {@code send-proxy-v2} with a unique id and
 * LOCAL health checks, {@code send-proxy-v2-ssl-cn} after ending TLS, and TLS passthrough with HTTP/1.1 and h2) and
 * curl's {@code --haproxy-protocol} (HTTP/1.1, and h2c with prior knowledge), with curl as the client. HAProxy rewrites each client's source to the test
 * client's address, so the address a container reports can only come from the header. Skipped where haproxy or curl is
 * missing, unless they are required (CI).
 */
final class HaproxyContract implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ContractServer server;
    private final Haproxy haproxy;
    private final int v1Port = FreePorts.find();
    private final int v2Port = FreePorts.find();
    private final int offloadPort = FreePorts.find();
    private final int passthroughPort = FreePorts.find();

    private HaproxyContract(ContractServer server) {
        this.server = server;
        String rewriteSource = """
                  tcp-request connection set-src ipv4(%s)
                  tcp-request connection set-src-port int(4242)
                """.formatted(CLIENT_IP);
        this.haproxy = Haproxy.start(Haproxy.DEFAULTS
                + """
                frontend v1
                  mode tcp
                  bind 127.0.0.1:%1$d
                %5$s
                  default_backend server_v1
                frontend v2
                  mode tcp
                  bind 127.0.0.1:%2$d
                %5$s
                  unique-id-format %%{+X}o%%ci:%%cp_%%fi:%%fp_%%Ts_%%rt
                  default_backend server_v2
                frontend tls_offload
                  mode tcp
                  bind 127.0.0.1:%3$d ssl crt %7$s ca-file %8$s verify optional
                %5$s
                  default_backend server_ssl_tlvs
                frontend tls_passthrough
                  mode tcp
                  bind 127.0.0.1:%4$d
                %5$s
                  default_backend server_tls
                backend server_v1
                  mode tcp
                  server s 127.0.0.1:%6$d send-proxy
                backend server_v2
                  mode tcp
                  server s 127.0.0.1:%6$d send-proxy-v2 proxy-v2-options unique-id check check-send-proxy inter 300ms
                backend server_ssl_tlvs
                  mode tcp
                  server s 127.0.0.1:%6$d send-proxy-v2-ssl-cn
                backend server_tls
                  mode tcp
                  server s 127.0.0.1:%9$d send-proxy-v2
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

    /** Runs every HAProxy and curl case against a server of its own (its counters start at zero). */
    static void run(ContractServerFactory factory) throws Exception {
        Haproxy.assumeAvailable();
        Curl.assumeAvailable();
        try (ContractServer server = factory.start(ContractSettings.defaults());
                HaproxyContract contract = new HaproxyContract(server)) {
            contract.v1();
            contract.v2WithAUniqueIdAndLocalHealthChecks();
            contract.sslTlvsAfterHaproxyEndsTls();
            contract.tlsPassthroughWithHttp11AndH2();
            contract.curlsHaproxyProtocol();
            assertThat(server.metrics().getRejectedConnections())
                    .as("refused: %s", server.metrics().getRejectionsByReason())
                    .isZero();
        }
    }

    private void v1() {
        WhoAmI seen = curl("http://127.0.0.1:" + v1Port + "/whoami?haproxy=v1");
        assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(seen.remotePort()).isEqualTo(4242);
        assertThat(seen.localPort()).isEqualTo(v1Port);
        assertThat(seen.get("header.version")).isEqualTo("V1");
        assertThat(server.awaitAccessLog("/whoami?haproxy=v1")).startsWith(CLIENT_IP + " ");
    }

    private void v2WithAUniqueIdAndLocalHealthChecks() {
        WhoAmI seen = curl("http://127.0.0.1:" + v2Port + "/whoami?haproxy=v2");
        assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(seen.localPort()).isEqualTo(v2Port);
        assertThat(seen.get("header.version")).isEqualTo("V2");
        assertThat(seen.get("header.tlvs")).isEqualTo("1");
        assertThat(server.awaitAccessLog("/whoami?haproxy=v2")).startsWith(CLIENT_IP + " ");
        Await.until(
                WAIT,
                () -> "LOCAL headers from HAProxy's health checks: " + server.metrics(),
                () -> server.metrics().getLocalHeaders() >= 2);
    }

    private void sslTlvsAfterHaproxyEndsTls() {
        WhoAmI seen = curl(
                "--cacert",
                TestCertificates.serverCertificatePem().toString(),
                "--cert",
                TestCertificates.clientPem().toString(),
                "https://localhost:" + offloadPort + "/whoami?haproxy=offload");
        assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(seen.secure()).isTrue();
        assertThat(seen.scheme()).isEqualTo("https");
    }

    private void tlsPassthroughWithHttp11AndH2() {
        String url = "https://localhost:" + passthroughPort + "/whoami?haproxy=passthrough";
        String ca = TestCertificates.serverCertificatePem().toString();
        WhoAmI h1 = curl("--http1.1", "--cacert", ca, url);
        WhoAmI h2 = curl("--http2", "--cacert", ca, url);
        assertThat(h1.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(h1.secure()).isTrue();
        assertThat(h1.get("protocol")).isEqualTo("HTTP/1.1");
        assertThat(h2.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(h2.get("protocol")).isEqualTo("HTTP/2.0");
    }

    private void curlsHaproxyProtocol() {
        Curl.Result result = Curl.haproxyProtocol("http://127.0.0.1:" + server.port() + "/whoami?curl");
        assertThat(result.exitCode()).as("curl: %s", result.stderr()).isZero();
        WhoAmI seen = WhoAmI.parse(result.stdout());
        assertThat(seen.get("header.version")).isEqualTo("V1");
        assertThat(seen.remoteAddr()).isEqualTo("127.0.0.1");
        Curl.Result h2c = Curl.haproxyProtocol(
                "http://127.0.0.1:" + server.port() + "/whoami?curl-h2c",
                "--http2-prior-knowledge",
                "--interface",
                "127.0.0.1");
        assertThat(h2c.exitCode()).as("curl: %s", h2c.stderr()).isZero();
        WhoAmI priorKnowledge = WhoAmI.parse(h2c.stdout());
        assertThat(priorKnowledge.get("protocol")).isEqualTo("HTTP/2.0");
        assertThat(priorKnowledge.get("header.version")).isEqualTo("V1");
    }

    private WhoAmI curl(String... args) {
        List<String> all = new ArrayList<>(List.of("-sS", "--max-time", "10"));
        all.addAll(List.of(args));
        Curl.Result result = Curl.run(all.toArray(String[]::new));
        assertThat(result.exitCode())
                .as("curl %s: %s\nhaproxy: %s", String.join(" ", args), result.stderr(), haproxy.output())
                .isZero();
        return WhoAmI.parse(result.stdout());
    }

    @Override
    public void close() {
        haproxy.close();
    }
}
