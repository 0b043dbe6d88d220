package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Side by side: a client that reaches the port directly (127.0.0.2, not the balancer) forges a header claiming to be
 * 198.51.100.66. Jetty's own ProxyConnectionFactory believes it; this project's factory closes the connection.
 */
class BuiltInFactoryComparisonTest {
    private static final String FORGED = "PROXY TCP4 198.51.100.66 192.0.2.1 4242 443\r\n";
    private static final String ATTACKER = "127.0.0.2";

    @Test
    void jettysOwnFactoryLetsAForgedHeaderThrough() throws Exception {
        Server server = new Server();
        ServerConnector connector =
                new ServerConnector(server, new ProxyConnectionFactory(), new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new WhoAmIHandler());
        server.start();
        try {
            RawHttpClient attacker = RawHttpClient.to(connector.getLocalPort()).from(ATTACKER);

            assertThat(WhoAmIHandler.parse(attacker.prefix(FORGED).get("/").body()))
                    .as("the forged address is believed")
                    .containsEntry("remoteAddr", "198.51.100.66");
            assertThat(WhoAmIHandler.parse(attacker.get("/").body()))
                    .as("and the header is optional")
                    .containsEntry("remoteAddr", ATTACKER);
        } finally {
            server.stop();
        }
    }

    @Test
    void theTrustedFactoryClosesTheForgersConnection() {
        try (TestServer server = TestServer.start()) {
            RawHttpClient attacker = RawHttpClient.to(server.port()).from(ATTACKER);

            attacker.prefix(FORGED).assertClosedWithoutResponse();
            attacker.assertClosedWithoutResponse();

            assertThat(server.handled()).isZero();
            TrustTableTest.awaitRejections(server, Reason.UNTRUSTED_PEER, 2);
            assertThat(WhoAmIHandler.parse(RawHttpClient.to(server.port())
                            .prefix(FORGED)
                            .get("/")
                            .body()))
                    .as("the same header from the balancer is honoured")
                    .containsEntry("remoteAddr", "198.51.100.66");
        }
    }
}
