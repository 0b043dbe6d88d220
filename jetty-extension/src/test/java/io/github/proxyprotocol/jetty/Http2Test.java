package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.TestHeaders;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** h2c with prior knowledge right after the header (the contract covers h2 over ALPN and h2c by upgrade). */
class Http2Test {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void h2cWithPriorKnowledge() throws Exception {
        try (HeaderInjectingRelay relay = HeaderInjectingRelay.start(server.port(), (client, at) -> TestHeaders.v1())) {
            org.eclipse.jetty.client.HttpClient client =
                    new org.eclipse.jetty.client.HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
            client.start();
            try {
                for (int i = 0; i < 3; i++) {
                    ContentResponse response = client.GET("http://127.0.0.1:" + relay.port() + "/h2c-" + i);
                    assertThat(response.getVersion().asString()).isEqualTo("HTTP/2.0");
                    assertThat(WhoAmIHandler.parse(response.getContentAsString()))
                            .containsEntry("remoteAddr", CLIENT_IP)
                            .containsEntry("protocol", "HTTP/2.0")
                            .containsEntry("secure", "false")
                            .containsEntry("header", "v1 PROXY");
                }
            } finally {
                client.stop();
            }
            assertThat(relay.acceptedConnections()).isEqualTo(1);
        }
    }
}
