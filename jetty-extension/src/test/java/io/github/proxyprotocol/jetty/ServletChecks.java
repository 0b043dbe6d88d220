package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_PORT;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.eclipse.jetty.server.Handler;

/** What a servlet of either environment (ee10, ee11) must see; each environment's test serves {@link WhoAmIServlet}. */
final class ServletChecks {
    private ServletChecks() {}

    static void check(Handler servletContext) throws Exception {
        try (TestServer server = TestServer.start(factory -> {}, servletContext)) {
            Map<String, String> clearText = WhoAmIHandler.parse(RawHttpClient.to(server.port())
                    .prefix(TestHeaders.v2WithTlvs())
                    .oneBytePerWrite()
                    .get("/whoami")
                    .body());
            assertThat(clearText)
                    .containsEntry("remoteAddr", CLIENT_IP)
                    .containsEntry("remotePort", String.valueOf(CLIENT_PORT))
                    .containsEntry("localAddr", DESTINATION_IP)
                    .containsEntry("localPort", String.valueOf(DESTINATION_PORT))
                    .containsEntry("secure", "true")
                    .containsEntry("scheme", "https")
                    .containsEntry("header", "v2 PROXY")
                    .containsEntry("authority", "example.com")
                    .containsEntry("sslCn", "client.example");
            assertThat(clearText.get("peer")).startsWith("127.0.0.1:");

            try (HeaderInjectingRelay relay =
                    HeaderInjectingRelay.start(server.tlsPort(), (client, at) -> TestHeaders.v1())) {
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_2)
                        .sslContext(TestCertificates.clientContext())
                        .build();
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + relay.port() + "/whoami"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(WhoAmIHandler.parse(response.body()))
                        .containsEntry("remoteAddr", CLIENT_IP)
                        .containsEntry("localAddr", DESTINATION_IP)
                        .containsEntry("protocol", "HTTP/2.0")
                        .containsEntry("secure", "true")
                        .containsEntry("header", "v1 PROXY");
            }
            assertThat(server.awaitLogLine(line -> line.contains("/whoami"))).startsWith(CLIENT_IP + " ");
        }
    }
}
