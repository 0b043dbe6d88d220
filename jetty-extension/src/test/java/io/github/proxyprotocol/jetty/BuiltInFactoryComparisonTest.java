package io.github.proxyprotocol.jetty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.proxyprotocol.testsupport.RawHttpClient;
import java.util.Map;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * What Jetty's own ProxyConnectionFactory does with a client that reaches the port directly (127.0.0.2, not the
 * balancer) and forges a header claiming to be 198.51.100.66: it believes it, and it serves the same client without a
 * header. This project's factory closes both (the contract suite proves it). This documents Jetty's behaviour, as the
 * README describes it; when Jetty changes it, the test is skipped with a message saying so, rather than failing.
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
            Map<String, String> forged =
                    WhoAmIHandler.parse(attacker.prefix(FORGED).get("/").body());
            assumeTrue(
                    "198.51.100.66".equals(forged.get("remoteAddr")),
                    "Jetty's ProxyConnectionFactory no longer believes a forged header from any peer: " + forged);
            Map<String, String> direct = WhoAmIHandler.parse(attacker.get("/").body());
            assumeTrue(
                    ATTACKER.equals(direct.get("remoteAddr")),
                    "Jetty's ProxyConnectionFactory no longer serves a peer that sends no header: " + direct);
        } finally {
            server.stop();
        }
    }
}
