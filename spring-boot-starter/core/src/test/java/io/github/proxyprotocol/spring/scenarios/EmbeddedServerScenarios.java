package io.github.proxyprotocol.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a user of a starter checks, run against one Spring Boot line and embedded server: the boot3 and boot4 modules
 * subclass it once per server, each on a classpath with only that server. Real sockets; the balancer is 127.0.0.1,
 * 127.0.0.2 a direct client.
 */
@SpringBootTest(
        classes = WhoAmIApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "proxy-protocol.enabled=true",
            "proxy-protocol.trusted-proxies=127.0.0.1/32",
            "proxy-protocol.direct-clients=127.0.0.2",
            "proxy-protocol.header-timeout=3s",
            "management.endpoints.web.exposure.include=metrics",
            "spring.main.banner-mode=off"
        })
@ExtendWith(OutputCaptureExtension.class)
public abstract class EmbeddedServerScenarios {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 4242);
    private static final InetSocketAddress DESTINATION = new InetSocketAddress("192.0.2.1", 443);
    private static final String V1_HEADER = "PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n";

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry meters;

    /** The server the classpath should have given Boot: {@code tomcat}, {@code jetty}, {@code undertow} or {@code netty}. */
    protected abstract String expectedServer();

    @Test
    void theControllerSeesTheClientAddressOfAV1Header() {
        double accepted = count("proxy.protocol.headers.accepted", "version", "v1");

        Map<String, String> seen = whoami(RawHttpClient.to(port).prefix(V1_HEADER));

        assertThat(seen.get("server").toLowerCase(Locale.ROOT)).contains(expectedServer());
        assertThat(seen)
                .containsEntry("remoteAddr", "203.0.113.7")
                .containsEntry("remotePort", "4242")
                .containsEntry("localAddr", "192.0.2.1")
                .containsEntry("localPort", "443")
                .containsEntry("version", "V1")
                .containsEntry("secure", "false");
        assertThat(seen.get("peer")).contains("127.0.0.1");
        assertThat(count("proxy.protocol.headers.accepted", "version", "v1")).isEqualTo(accepted + 1);
    }

    @Test
    void aV2HeaderSplitAcrossReadsGivesAddressesTlvsAndTheSecureFlag() {
        ProxyHeader header = ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(CLIENT, DESTINATION)
                .authority("shop.example")
                .ssl(new SslTlv(SslTlv.CLIENT_SSL, 0, List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"))))
                .crc32c()
                .build();

        Map<String, String> seen = whoami(
                RawHttpClient.to(port).prefix(ProxyHeaderEncoder.encode(header)).oneBytePerWrite());

        assertThat(seen)
                .containsEntry("remoteAddr", "203.0.113.7")
                .containsEntry("remotePort", "4242")
                .containsEntry("localAddr", "192.0.2.1")
                .containsEntry("localPort", "443")
                .containsEntry("version", "V2")
                .containsEntry("authority", "shop.example")
                .containsEntry("secure", "true")
                .containsEntry("scheme", "https");
    }

    @Test
    void aDirectClientIsServedWithItsOwnAddressAndCounted() {
        double direct = count("proxy.protocol.connections.direct");

        Map<String, String> seen = whoami(RawHttpClient.to(port).from("127.0.0.2"));

        assertThat(seen).containsEntry("remoteAddr", "127.0.0.2").doesNotContainKey("version");
        assertThat(count("proxy.protocol.connections.direct")).isEqualTo(direct + 1);
    }

    @Test
    void aTrustedProxyWithoutAHeaderIsClosedWithoutAResponseAndCounted() {
        double rejected = count("proxy.protocol.connections.rejected", "reason", "not_proxy_protocol");

        RawHttpClient.to(port).assertClosedWithoutResponse();

        Await.until(
                Duration.ofSeconds(10),
                "proxy.protocol.connections.rejected{reason=not_proxy_protocol} to count the connection",
                () -> count("proxy.protocol.connections.rejected", "reason", "not_proxy_protocol") == rejected + 1);
    }

    @Test
    void aHeaderFromADirectClientIsClosedWithoutAResponseAndCounted() {
        double rejected = count("proxy.protocol.connections.rejected", "reason", "unexpected_header");

        RawHttpClient.to(port).from("127.0.0.2").prefix(V1_HEADER).assertClosedWithoutResponse();

        Await.until(
                Duration.ofSeconds(10),
                "proxy.protocol.connections.rejected{reason=unexpected_header} to count the connection",
                () -> count("proxy.protocol.connections.rejected", "reason", "unexpected_header") == rejected + 1);
    }

    @Test
    void actuatorShowsTheRejectedConnections() {
        RawHttpClient.to(port).assertClosedWithoutResponse();
        Await.until(
                Duration.ofSeconds(10),
                "a rejected connection to be counted",
                () -> count("proxy.protocol.connections.rejected", "reason", "not_proxy_protocol") >= 1);

        RawHttpResponse response = RawHttpClient.to(port)
                .prefix(V1_HEADER)
                .get("/actuator/metrics/proxy.protocol.connections.rejected?tag=listener:" + listener());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String json = response.body();
        List<Number> counts = JsonPath.read(json, "$.measurements[?(@.statistic == 'COUNT')].value");
        double shown = counts.get(0).doubleValue();
        assertThat(shown)
                .isEqualTo(count("proxy.protocol.connections.rejected"))
                .isGreaterThanOrEqualTo(1);
        List<String> reasons = JsonPath.read(json, "$.availableTags[?(@.tag == 'reason')].values[*]");
        assertThat(reasons).contains("not_proxy_protocol", "timeout", "untrusted_peer", "crc32c_mismatch");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "proxy-protocol.trusted-proxies= | proxy-protocol.trusted-proxies must be set | Set proxy-protocol.trusted-proxies",
                "proxy-protocol.versions=v3 | Invalid value 'v3' for proxy-protocol.versions | Update proxy-protocol.versions"
            })
    void aBadPropertyStopsStartUpWithTheFailureAnalyzersReport(
            String property, String description, String action, CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(WhoAmIApplication.class)
                .registerShutdownHook(false)
                .properties(
                        "spring.main.banner-mode=off",
                        "server.port=0",
                        "proxy-protocol.enabled=true",
                        "proxy-protocol.trusted-proxies=127.0.0.1",
                        property);

        assertThatThrownBy(application::run).hasRootCauseInstanceOf(InvalidSettingException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("Description:\n\n" + description)
                .contains("Action:\n\n" + action);
    }

    private String listener() {
        return "http-" + port;
    }

    private double count(String name, String... tags) {
        String[] withListener = new String[tags.length + 2];
        withListener[0] = "listener";
        withListener[1] = listener();
        System.arraycopy(tags, 0, withListener, 2, tags.length);
        return meters.find(name).tags(withListener).functionCounters().stream()
                .mapToDouble(FunctionCounter::count)
                .sum();
    }

    private static Map<String, String> whoami(RawHttpClient client) {
        RawHttpResponse response = client.get("/whoami");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                seen.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return seen;
    }
}
