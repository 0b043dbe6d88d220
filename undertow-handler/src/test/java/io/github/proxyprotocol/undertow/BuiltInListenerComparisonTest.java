package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same inputs against Undertow's own {@code setUseProxyProtocol(true)} listener and ours: a header split across
 * reads, and a header from a peer nobody trusted.
 */
class BuiltInListenerComparisonTest {
    private static Undertow builtIn;
    private static int builtInPort;
    private static TestServer ours;

    @BeforeAll
    static void start() {
        builtIn = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setUseProxyProtocol(true))
                .setHandler(new WhoAmIHandler())
                .build();
        builtIn.start();
        builtInPort = ((InetSocketAddress) builtIn.getListenerInfo().get(0).getAddress()).getPort();
        ours = TestServer.start("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        builtIn.stop();
        ours.close();
    }

    /** Sends the first bytes of a v1 header, lets the server read them on their own, then the rest and a request. */
    private static RawConnection splitHeader(int port) throws InterruptedException {
        byte[] header = TestHeaders.v1();
        byte[] request = RawHttpClient.to(port).getRequest("/", true);
        RawConnection connection = RawHttpClient.to(port).openAndSend(TestHeaders.ascii("PROXY TCP4 203.0"));
        // not a timing assertion: a pause so that the server's first read surely ends inside the header
        Thread.sleep(200);
        connection.write(TestHeaders.concat(
                new String(header, StandardCharsets.US_ASCII)
                        .substring("PROXY TCP4 203.0".length())
                        .getBytes(StandardCharsets.US_ASCII),
                request));
        return connection;
    }

    @Test
    void splitHeaderBreaksTheBuiltInListener() throws Exception {
        try (RawConnection connection = splitHeader(builtInPort)) {
            connection.awaitClosedWithoutResponse();
        }
    }

    @Test
    void splitHeaderIsReadByOurs() throws Exception {
        try (RawConnection connection = splitHeader(ours.port())) {
            assertThat(Seen.of(connection.readResponse())).containsEntry("remote", "203.0.113.7:4242");
        }
    }

    @Test
    void builtInListenerBelievesAnyPeer() {
        Map<String, String> seen = Seen.of(RawHttpClient.to(builtInPort)
                .from("127.0.0.2")
                .prefix(TestHeaders.v1())
                .get("/"));

        assertThat(seen).containsEntry("remote", "203.0.113.7:4242");
    }

    @Test
    void oursClosesAHeaderFromAnUntrustedPeer() {
        RawHttpClient.to(ours.port()).from("127.0.0.2").prefix(TestHeaders.v1()).assertClosedWithoutResponse();
    }
}
