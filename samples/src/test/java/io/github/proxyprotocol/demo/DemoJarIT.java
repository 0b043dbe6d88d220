package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The executable jar, as a user runs it: {@code java -jar proxy-protocol-demo.jar ...}. */
class DemoJarIT {
    private static final Pattern READY =
            Pattern.compile("ready container=(tomcat|jetty|undertow|netty) http=(\\d+) https=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final String V1_HEADER = "PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n";

    @Test
    void servesEveryContainerAndStopsOnSigterm() throws Exception {
        try (DemoProcess demo = DemoProcess.start("--port=0", "--tls-port=0")) {
            long started = System.nanoTime();
            List<String> lines = demo.awaitLines(4, START_TIMEOUT);
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("the demo jar was ready in " + startup.toMillis() + " ms");

            Map<String, int[]> ports = new HashMap<>();
            for (String line : lines) {
                Matcher ready = READY.matcher(line);
                assertThat(ready.matches()).as("ready line: %s", line).isTrue();
                ports.put(
                        ready.group(1), new int[] {Integer.parseInt(ready.group(2)), Integer.parseInt(ready.group(3))});
            }
            assertThat(ports).containsOnlyKeys("tomcat", "jetty", "undertow", "netty");

            byte[] v2 = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                    .version(ProtocolVersion.V2)
                    .addresses(new InetSocketAddress("203.0.113.7", 4242), new InetSocketAddress("192.0.2.1", 443))
                    .authority("example.com")
                    .build());
            for (Map.Entry<String, int[]> container : ports.entrySet()) {
                int http = container.getValue()[0];
                int https = container.getValue()[1];

                Map<String, Object> plain = WhoAmIContractTest.whoami(
                        RawHttpClient.to(http).prefix(v2).get(WhoAmI.PATH));
                Map<String, Object> tls = WhoAmIContractTest.whoami(RawHttpClient.to(https)
                        .prefix(V1_HEADER)
                        .tls(DemoTrust.clientContext())
                        .get(WhoAmI.PATH));

                assertThat(plain)
                        .containsEntry("container", container.getKey())
                        .containsEntry("remoteAddr", "203.0.113.7")
                        .containsEntry("secure", false);
                assertThat(JsonReader.at(plain, "proxy.tlvs.authority")).isEqualTo("example.com");
                assertThat(tls)
                        .containsEntry("container", container.getKey())
                        .containsEntry("remoteAddr", "203.0.113.7")
                        .containsEntry("secure", true)
                        .containsEntry("scheme", "https");
                // by default only 127.0.0.1 and ::1 are trusted
                RawHttpClient.to(http).from("127.0.0.2").prefix(V1_HEADER).assertClosedWithoutResponse();
                RawHttpClient.to(https)
                        .from("127.0.0.2")
                        .prefix(V1_HEADER)
                        .tls(DemoTrust.clientContext())
                        .assertClosedWithoutResponse();
            }

            String url = "http://127.0.0.1:" + ports.get("jetty")[0] + WhoAmI.PATH;
            DemoProcess.Finished answered = DemoProcess.run(
                    EXIT_TIMEOUT,
                    "request",
                    "--version=2",
                    "--source=203.0.113.7:4242",
                    "--destination=192.0.2.1:443",
                    "--authority=example.com",
                    url);
            DemoProcess.Finished refused = DemoProcess.run(EXIT_TIMEOUT, "request", "--bind=127.0.0.2", url);

            assertThat(answered.status()).as(answered.stderr()).isZero();
            assertThat(answered.stdout())
                    .startsWith("HTTP/1.1 200")
                    .contains(
                            "\"container\":\"jetty\"",
                            "\"remoteAddr\":\"203.0.113.7\"",
                            "\"authority\":\"example.com\"");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.stdout()).isEmpty();
            assertThat(refused.stderr()).startsWith("connection closed without a response");

            int status = demo.stop(EXIT_TIMEOUT);
            assertThat(status).as("exit status after SIGTERM").isEqualTo(143);
            assertThat(demo.remainingLines())
                    .as("standard output after the ready lines")
                    .isEmpty();
            assertThat(demo.stderr()).contains("untrusted_peer").doesNotContain("Exception", "SEVERE");
        }
    }

    @Test
    void badOptionExitsWithTwoNamingIt() {
        DemoProcess.Finished run = DemoProcess.run(EXIT_TIMEOUT, "--header-timeout=abc");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("'abc'", "--header-timeout");
    }

    @Test
    void helpPrintsTheUsage() {
        DemoProcess.Finished run = DemoProcess.run(EXIT_TIMEOUT, "serve", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.stdout()).contains("Usage: java -jar proxy-protocol-demo.jar", "--trusted-proxies=");
    }
}
