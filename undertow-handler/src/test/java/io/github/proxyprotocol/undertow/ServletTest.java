package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An undertow-servlet deployment with no PROXY-protocol code of its own: the servlet extension, found through
 * META-INF/services, gives the servlet API the header's addresses, the request attributes and the secure flag.
 */
class ServletTest {
    private static DeploymentManager deployment;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(ServletTest.class.getClassLoader())
                .setContextPath("/app")
                .setDeploymentName("whoami.war")
                .addServlet(Servlets.servlet("whoami", WhoAmIServlet.class).addMapping("/*"));
        deployment = Servlets.defaultContainer().addDeployment(info);
        deployment.deploy();
        HttpHandler app = deployment.start();
        server = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .directClients("127.0.0.1")
                .http2()
                .handler(app)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        deployment.stop();
        deployment.undeploy();
    }

    @Test
    void servletSeesTheHeadersAddressesAndAttributes() throws Exception {
        Map<String, String> seen = Seen.of(RawHttpClient.to(server.port())
                .prefix(TestHeaders.v2WithTlvs("client"))
                .get("/app/whoami"));

        assertThat(seen)
                .containsEntry("remote", "203.0.113.7:4242")
                .containsEntry("local", "192.0.2.1:443")
                .containsEntry("secure", "true")
                .containsEntry("scheme", "https")
                .containsEntry(
                        "header",
                        "V2 PROXY INET authority=example.com alpn=h2 uniqueId=8bytes ssl=3/TLSv1.3/client crc32c");
        assertThat(seen.get("peer")).startsWith("127.0.0.1:");
        assertThat(server.accessLogLine("/app/whoami")).startsWith("203.0.113.7 192.0.2.1 443");
    }

    @Test
    void directClientHasNoHeaderAttributeButAPeer() {
        Map<String, String> seen = Seen.of(RawHttpClient.to(server.port()).get("/app/direct"));

        assertThat(seen).containsEntry("header", "none").containsEntry("secure", "false");
        assertThat(seen.get("remote")).startsWith("127.0.0.1:").isEqualTo(seen.get("peer"));
    }

    @Test
    void everyHttp2StreamSeesTheHeader() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        try (HeaderInjectingRelay relay =
                HeaderInjectingRelay.start(server.port(), (peer, local) -> TestHeaders.v2WithTlvs("client"))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port() + "/app/h2c/" + i))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(Seen.of(response.body()))
                        .containsEntry("remote", "203.0.113.7:4242")
                        .containsEntry("protocol", "HTTP/2.0")
                        .containsEntry("secure", "true");
            }
            assertThat(relay.acceptedConnections()).isEqualTo(1);
        }
    }
}
