package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code haproxy/haproxy.cfg}, run by the real HAProxy in front of the demo with its ports replaced by
 * free ones: each frontend reaches the three containers in turn, with the client's address in a PROXY v2 header.
 */
class HaproxySampleTest {
    private static final Path CONFIG = Path.of("haproxy", "haproxy.cfg");
    private static final Path PEM = CONFIG.resolveSibling("demo.pem").toAbsolutePath();
    private static final List<String> CONTAINERS = List.of("tomcat", "jetty", "undertow", "netty");

    private static int httpFrontend;
    private static int passthroughFrontend;
    private static int terminatingFrontend;
    private static String config;

    @BeforeAll
    static void configure() throws IOException {
        httpFrontend = FreePorts.find();
        passthroughFrontend = FreePorts.find();
        terminatingFrontend = FreePorts.find();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("9080", httpFrontend);
        ports.put("9443", passthroughFrontend);
        ports.put("9444", terminatingFrontend);
        Container[] containers = Container.values();
        for (int i = 0; i < containers.length; i++) {
            DemoServer server = SharedDemo.server(containers[i]);
            ports.put(String.valueOf(8080 + i), server.httpPort());
            ports.put(String.valueOf(8443 + i), server.httpsPort().orElseThrow());
        }
        String text = Files.readString(CONFIG);
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            text = replaceAll(text, "127.0.0.1:" + port.getKey(), "127.0.0.1:" + port.getValue());
        }
        config = replaceAll(text, "crt demo.pem", "crt " + PEM);
    }

    @Test
    void plainHttpFrontendSendsTheClientAddressToEachContainerInTurn() {
        Haproxy.assumeAvailable();
        try (Haproxy haproxy = Haproxy.start(config)) {
            Set<Object> containers = new HashSet<>();
            for (int i = 0; i < CONTAINERS.size(); i++) {
                try (RawConnection connection = RawHttpClient.to(httpFrontend).connect()) {
                    Map<String, Object> json = WhoAmIContractTest.whoami(connection.get(WhoAmI.PATH));

                    containers.add(json.get("container"));
                    assertThat(json)
                            .containsEntry("remoteAddr", "127.0.0.1")
                            .containsEntry("remotePort", (long)
                                    connection.localAddress().getPort())
                            .containsEntry("localPort", (long) httpFrontend)
                            .containsEntry("secure", false)
                            .containsEntry("peerAddr", "127.0.0.1");
                    assertThat(JsonReader.at(json, "proxy.version")).isEqualTo(2L);
                    assertThat(JsonReader.at(json, "proxy.command")).isEqualTo("PROXY");
                }
            }
            assertThat(containers).as(haproxy.output()).containsExactlyInAnyOrderElementsOf(CONTAINERS);
        }
    }

    @Test
    void tlsPassthroughFrontendPutsTheHeaderBeforeTheClientsTls() {
        Haproxy.assumeAvailable();
        try (Haproxy haproxy = Haproxy.start(config)) {
            Set<Object> containers = new HashSet<>();
            for (int i = 0; i < CONTAINERS.size(); i++) {
                try (RawConnection connection = RawHttpClient.to(passthroughFrontend)
                        .tls(DemoTrust.clientContext())
                        .connect()) {
                    Map<String, Object> json = WhoAmIContractTest.whoami(connection.get(WhoAmI.PATH));

                    containers.add(json.get("container"));
                    assertThat(json)
                            .containsEntry("remoteAddr", "127.0.0.1")
                            .containsEntry("remotePort", (long)
                                    connection.localAddress().getPort())
                            .containsEntry("localPort", (long) passthroughFrontend)
                            .containsEntry("secure", true)
                            .containsEntry("scheme", "https");
                    assertThat(JsonReader.at(json, "proxy.version")).isEqualTo(2L);
                }
            }
            assertThat(containers).as(haproxy.output()).containsExactlyInAnyOrderElementsOf(CONTAINERS);
        }
    }

    @Test
    void tlsTerminatingFrontendSendsTheSslTlvAndMore() {
        Haproxy.assumeAvailable();
        Curl.assumeAvailable();
        try (Haproxy haproxy = Haproxy.start(config)) {
            Set<Object> containers = new HashSet<>();
            for (int i = 0; i < CONTAINERS.size(); i++) {
                // curl, as the JDK sends no SNI for a name without a dot such as localhost
                Curl.Result result = Curl.run(
                        "-sS",
                        "--ipv4",
                        "--cacert",
                        PEM.toString(),
                        "https://localhost:" + terminatingFrontend + WhoAmI.PATH);
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                Map<String, Object> json = JsonReader.object(result.stdout());

                containers.add(json.get("container"));
                assertThat(json)
                        .containsEntry("remoteAddr", "127.0.0.1")
                        .containsEntry("localPort", (long) terminatingFrontend)
                        .containsEntry("secure", true)
                        .containsEntry("scheme", "https");
                assertThat(JsonReader.at(json, "proxy.tlvs.authority")).isEqualTo("localhost");
                assertThat(JsonReader.at(json, "proxy.tlvs.ssl.client")).isEqualTo(1L);
                assertThat((String) JsonReader.at(json, "proxy.tlvs.ssl.version"))
                        .startsWith("TLSv1.");
                assertThat((String) JsonReader.at(json, "proxy.tlvs.ssl.cipher"))
                        .isNotEmpty();
                assertThat((String) JsonReader.at(json, "proxy.tlvs.uniqueId")).startsWith("7F000001:");
                assertThat((String) JsonReader.at(json, "proxy.tlvs.crc32c")).matches("[0-9a-f]{8}");
            }
            assertThat(containers).as(haproxy.output()).containsExactlyInAnyOrderElementsOf(CONTAINERS);
        }
    }

    /** Replaces every {@code token} (not followed by another digit) and fails if there is none. */
    private static String replaceAll(String text, String token, String replacement) {
        Matcher matcher = Pattern.compile(Pattern.quote(token) + "(?![0-9])").matcher(text);
        assertThat(matcher.find()).as("%s in %s", token, CONFIG).isTrue();
        return matcher.replaceAll(Matcher.quoteReplacement(replacement));
    }
}
