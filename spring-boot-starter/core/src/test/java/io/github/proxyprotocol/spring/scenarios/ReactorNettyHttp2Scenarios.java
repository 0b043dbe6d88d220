package io.github.proxyprotocol.spring.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * HTTP/2 through the starter on a WebFlux application (Reactor Netty): h2c and h2 over TLS (ALPN), each behind a
 * relay that sends a v2 header first, as a balancer would; and {@code server.forward-headers-strategy=native}, whose
 * forwarded headers apply after the PROXY header's addresses. The boot3 and boot4 modules run it on their line.
 */
public abstract class ReactorNettyHttp2Scenarios {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void h2cRequestsSeeTheHeadersClient() throws Exception {
        try (ConfigurableApplicationContext context = start("server.http2.enabled=true");
                HeaderInjectingRelay relay = relay(context)) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .connectTimeout(TIMEOUT)
                    .build();

            HttpResponse<String> response = whoami(client, "http://127.0.0.1:" + relay.port());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body())
                    .contains("remoteAddr=" + TestHeaders.CLIENT_IP)
                    .contains("remotePort=" + TestHeaders.CLIENT_PORT)
                    .contains("scheme=http\n");
        }
    }

    @Test
    void h2OverTlsRequestsSeeTheHeadersClient() throws Exception {
        try (ConfigurableApplicationContext context = start(
                        "server.http2.enabled=true",
                        "server.ssl.key-store="
                                + TestCertificates.serverKeyStorePath().toUri(),
                        "server.ssl.key-store-type=PKCS12",
                        "server.ssl.key-store-password=" + TestCertificates.PASSWORD,
                        "server.ssl.key-alias=" + TestCertificates.SERVER_ALIAS);
                HeaderInjectingRelay relay = relay(context)) {
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .sslContext(TestCertificates.clientContext())
                    .connectTimeout(TIMEOUT)
                    .build();

            HttpResponse<String> response = whoami(client, "https://127.0.0.1:" + relay.port());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body())
                    .contains("remoteAddr=" + TestHeaders.CLIENT_IP)
                    .contains("remotePort=" + TestHeaders.CLIENT_PORT)
                    .contains("scheme=https\n");
        }
    }

    @Test
    void nativeForwardedHeadersApplyAfterTheProxyHeader() {
        try (ConfigurableApplicationContext context = start("server.forward-headers-strategy=native")) {
            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

            RawHttpResponse response = RawHttpClient.to(port)
                    .prefix(TestHeaders.v1())
                    .exchange("GET /whoami HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-Proto: https\r\n"
                            + "Connection: close\r\n\r\n");

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.body())
                    .contains("remoteAddr=" + TestHeaders.CLIENT_IP)
                    .contains("scheme=https\n");
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(WhoAmIApplication.class)
                .web(WebApplicationType.REACTIVE)
                .registerShutdownHook(false)
                .properties(
                        "spring.main.banner-mode=off",
                        "server.port=0",
                        "proxy-protocol.enabled=true",
                        "proxy-protocol.trusted-proxies=127.0.0.1")
                .properties(properties)
                .run();
    }

    private static HeaderInjectingRelay relay(ConfigurableApplicationContext context) {
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return HeaderInjectingRelay.start(port, (client, relay) -> TestHeaders.v2());
    }

    private static HttpResponse<String> whoami(HttpClient client, String base)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/whoami"))
                .timeout(TIMEOUT)
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
