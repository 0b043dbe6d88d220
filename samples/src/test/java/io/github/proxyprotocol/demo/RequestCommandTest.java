package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo client ({@code request}) against the demo's containers: what it sends, prints and exits with. */
class RequestCommandTest {

    @ParameterizedTest
    @EnumSource(Container.class)
    void v2HeaderWithTlvs(Container container) {
        Run run = request(
                "--version=2",
                "--source=203.0.113.7:4242",
                "--destination=192.0.2.1:443",
                "--authority=example.com",
                "--alpn=h2",
                "--unique-id=req-42",
                "--ssl-cn=alice",
                "--crc32c",
                "http://127.0.0.1:" + WhoAmIContractTest.httpPort(container) + WhoAmI.PATH);

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.statusLine()).startsWith("HTTP/1.1 200");
        Map<String, Object> json = run.json();
        assertThat(json)
                .containsEntry("container", container.id())
                .containsEntry("remoteAddr", "203.0.113.7")
                .containsEntry("remotePort", 4242L)
                .containsEntry("localAddr", "192.0.2.1")
                .containsEntry("localPort", 443L)
                .containsEntry("secure", true)
                .containsEntry("scheme", "https");
        assertThat(JsonReader.at(json, "proxy.tlvs.authority")).isEqualTo("example.com");
        assertThat(JsonReader.at(json, "proxy.tlvs.alpn")).isEqualTo("h2");
        assertThat(JsonReader.at(json, "proxy.tlvs.uniqueId")).isEqualTo("req-42");
        assertThat(JsonReader.at(json, "proxy.tlvs.ssl"))
                .isEqualTo(Map.of("client", 7L, "verified", true, "version", "TLSv1.3", "cn", "alice"));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void v1HeaderThenTls(Container container) {
        Run run = request(
                "--version=1",
                "--source=[2001:db8::7]:4242",
                "--destination=[2001:db8::1]:443",
                "--tls",
                "http://localhost:" + WhoAmIContractTest.httpsPort(container) + WhoAmI.PATH);

        assertThat(run.status).as(run.err).isZero();
        Map<String, Object> json = run.json();
        assertThat(json)
                .containsEntry("container", container.id())
                .containsEntry("remoteAddr", "2001:db8:0:0:0:0:0:7")
                .containsEntry("secure", true)
                .containsEntry("scheme", "https");
        assertThat(JsonReader.at(json, "proxy.version")).isEqualTo(1L);
        assertThat(JsonReader.at(json, "proxy.family")).isEqualTo("TCP6");
    }

    @Test
    void withoutAddressesTheHeaderCarriesTheConnectionsOwn() {
        Run run = request("https://127.0.0.1:" + WhoAmIContractTest.httpsPort(Container.UNDERTOW) + WhoAmI.PATH);

        assertThat(run.status).as(run.err).isZero();
        Map<String, Object> json = run.json();
        assertThat(json)
                .containsEntry("remoteAddr", "127.0.0.1")
                .containsEntry("localAddr", "127.0.0.1")
                .containsEntry("localPort", (long) WhoAmIContractTest.httpsPort(Container.UNDERTOW))
                .containsEntry("remotePort", json.get("peerPort"));
        assertThat(JsonReader.at(json, "proxy.version")).isEqualTo(2L);
    }

    @Test
    void localCommand() {
        Run run = request("--local", "http://127.0.0.1:" + WhoAmIContractTest.httpPort(Container.JETTY) + "/whoami");

        assertThat(run.status).as(run.err).isZero();
        assertThat(JsonReader.at(run.json(), "proxy.command")).isEqualTo("LOCAL");
        assertThat(run.json()).containsEntry("remoteAddr", "127.0.0.1");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void untrustedPeerGetsNoResponse(Container container) {
        for (String url : List.of(
                "http://127.0.0.1:" + WhoAmIContractTest.httpPort(container) + WhoAmI.PATH,
                "https://127.0.0.1:" + WhoAmIContractTest.httpsPort(container) + WhoAmI.PATH)) {
            Run run = request(
                    "--bind=" + SharedDemo.UNTRUSTED_PEER,
                    "--source=203.0.113.7:4242",
                    "--destination=192.0.2.1:443",
                    url);

            assertThat(run.status).as(url).isEqualTo(1);
            assertThat(run.out).as(url).isEmpty();
            assertThat(run.err).as(url).startsWith(RequestCommand.CLOSED_WITHOUT_RESPONSE);
        }
    }

    @Test
    void printsStatusLineHeadersAndBody() {
        Run run = request("http://127.0.0.1:" + WhoAmIContractTest.httpPort(Container.TOMCAT) + "/missing");

        assertThat(run.status).as(run.err).isZero();
        assertThat(run.statusLine()).startsWith("HTTP/1.1 404");
        assertThat(run.out)
                .containsIgnoringCase("\ncontent-type: ")
                .contains("\n\n")
                .endsWith("\n");
    }

    @Test
    void badOptionsExitWithTwoNamingTheOption() {
        Run version = request("--version=3", "http://127.0.0.1:1/");
        Run source = request("--source=localhost:80", "--destination=127.0.0.1:80", "http://127.0.0.1:1/");
        Run v1Tlv = request("--version=1", "--authority=example.com", "http://127.0.0.1:1/");
        Run noUrl = request("--version=2");

        assertThat(version.status).isEqualTo(Main.USAGE_ERROR);
        assertThat(version.err).contains("'3'", "--version");
        assertThat(source.status).isEqualTo(Main.USAGE_ERROR);
        assertThat(source.err).contains("'localhost:80'", "--source");
        assertThat(v1Tlv.status).isEqualTo(Main.USAGE_ERROR);
        assertThat(v1Tlv.err).contains("--authority", "--version=2");
        assertThat(noUrl.status).isEqualTo(Main.USAGE_ERROR);
        assertThat(noUrl.err).contains("URL");
    }

    @Test
    void helpSaysTheClientTrustsAnyCertificate() {
        Run run = run("request", "--help");

        assertThat(run.status).isZero();
        assertThat(run.out).contains("--version=1|2", "--source=IP:PORT", "--bind=IP", "ANY certificate");
    }

    private static Run request(String... args) {
        List<String> all = new ArrayList<>();
        all.add("request");
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outPrint = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errPrint = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(List.of(args), outPrint, errPrint);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A finished command: exit status and what it printed. */
    record Run(int status, String out, String err) {
        String statusLine() {
            return out.lines().findFirst().orElse("");
        }

        /** The body: what follows the first empty line. */
        Map<String, Object> json() {
            int blank = out.indexOf("\n\n");
            assertThat(blank).as(out).isPositive();
            return JsonReader.object(out.substring(blank + 2).strip());
        }
    }
}
