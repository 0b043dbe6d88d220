package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every row of the "who may send a header" table, over real sockets: 127.0.0.1 is a trusted proxy, 127.0.0.2 a
 * direct client, 127.0.0.3 neither; on a second listener 127.0.0.1 is both.
 */
class TrustTableTest {
    private static final String HEADER = "PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n";

    private static TestServer server;
    private static TestServer optional;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .trustedProxies("127.0.0.1/32")
                .directClients("127.0.0.2")
                .start();
        optional = TestServer.builder()
                .trustedProxies("127.0.0.0/8")
                .directClients("127.0.0.1/32")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        optional.close();
    }

    @Test
    void trustedProxyWithHeaderIsServedAsTheHeadersClient() throws Exception {
        Map<String, String> seen =
                Seen.of(RawHttpClient.to(server.port()).prefix(HEADER).get("/required"));

        assertThat(seen).containsEntry("remote", "203.0.113.7:4242").containsEntry("local", "192.0.2.1:443");
        assertThat(seen.get("peer")).startsWith("127.0.0.1:");
        assertThat(seen.get("header")).isEqualTo("V1 PROXY INET");
        assertThat(server.accessLogLine("/required")).isEqualTo("203.0.113.7 192.0.2.1 443 /required");
    }

    @Test
    void trustedProxyWithoutHeaderIsClosedWithoutResponse() {
        int before = server.requests();
        long rejected = server.metrics().rejections(Reason.NOT_PROXY_PROTOCOL);

        RawHttpClient.to(server.port()).assertClosedWithoutResponse();

        assertThat(server.metrics().rejections(Reason.NOT_PROXY_PROTOCOL)).isEqualTo(rejected + 1);
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void trustedProxyThatIsAlsoADirectClientMaySendAHeader() {
        Map<String, String> seen =
                Seen.of(RawHttpClient.to(optional.port()).prefix(HEADER).get("/"));

        assertThat(seen).containsEntry("remote", "203.0.113.7:4242").containsEntry("header", "V1 PROXY INET");
    }

    @Test
    void trustedProxyThatIsAlsoADirectClientMaySendNoHeader() throws Exception {
        long direct = optional.metrics().getDirectConnections();

        Map<String, String> seen = Seen.of(RawHttpClient.to(optional.port()).get("/hairpin"));

        assertThat(seen.get("remote")).startsWith("127.0.0.1:").isEqualTo(seen.get("peer"));
        assertThat(seen.get("local")).isEqualTo("127.0.0.1:" + optional.port());
        assertThat(seen).containsEntry("header", "none");
        assertThat(optional.metrics().getDirectConnections()).isEqualTo(direct + 1);
        assertThat(optional.accessLogLine("/hairpin"))
                .isEqualTo("127.0.0.1 127.0.0.1 " + optional.port() + " /hairpin");
    }

    @Test
    void directClientIsServedWithItsOwnAddress() {
        Map<String, String> seen =
                Seen.of(RawHttpClient.to(server.port()).from("127.0.0.2").get("/direct"));

        assertThat(seen.get("remote")).startsWith("127.0.0.2:");
        assertThat(seen).containsEntry("header", "none");
    }

    @Test
    void directClientSendingAHeaderIsClosedWithoutResponse() {
        long rejected = server.metrics().rejections(Reason.UNEXPECTED_HEADER);

        RawHttpClient.to(server.port()).from("127.0.0.2").prefix(HEADER).assertClosedWithoutResponse();

        assertThat(server.metrics().rejections(Reason.UNEXPECTED_HEADER)).isEqualTo(rejected + 1);
    }

    @Test
    void peerThatIsNeitherIsClosedAtOnce() {
        long rejected = server.metrics().rejections(Reason.UNTRUSTED_PEER);
        int before = server.requests();

        RawHttpClient.to(server.port()).from("127.0.0.3").prefix(HEADER).assertClosedWithoutResponse();

        assertThat(server.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(rejected + 1);
        assertThat(server.requests()).isEqualTo(before);
    }
}
