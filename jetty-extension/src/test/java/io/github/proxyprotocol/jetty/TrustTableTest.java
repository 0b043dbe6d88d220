package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "who may send a header" table beyond the contract's cases: on the TLS connector, for a peer that sends nothing
 * at all, and for IPv6 peers.
 */
class TrustTableTest {
    private static final String OTHER_PEER = "127.0.0.2";

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void ipv6PeersAreMatchedByTheirOwnFamily(WriteMode mode) {
        try (TestServer server = TestServer.startOn("::1", factory -> factory.setTrustedProxies("::1/128"))) {
            RawHttpClient client = RawHttpClient.to("::1", server.port()).writeMode(mode);

            Map<String, String> seen =
                    WhoAmIHandler.parse(client.prefix(TestHeaders.v2()).get("/").body());

            assertThat(seen).containsEntry("remoteAddr", CLIENT_IP).containsEntry("header", "v2 PROXY");
            assertThat(seen.get("peer")).startsWith("0:0:0:0:0:0:0:1:");
            client.assertClosedWithoutResponse();
            awaitRejections(server, Reason.NOT_PROXY_PROTOCOL, 1);
        }
        try (TestServer server = TestServer.startOn("::1", factory -> factory.setTrustedProxies("127.0.0.1"))) {
            RawHttpClient.to("::1", server.port())
                    .writeMode(mode)
                    .prefix(TestHeaders.v2())
                    .assertClosedWithoutResponse();
            awaitRejections(server, Reason.UNTRUSTED_PEER, 1);
        }
    }

    static void awaitRejections(TestServer server, Reason reason, long expected) {
        Await.until(
                Duration.ofSeconds(5),
                () -> "rejections for " + reason + ": " + server.metrics().getRejectionsByReason(),
                () -> server.metrics().rejections(reason) == expected);
        Map<String, Long> byReason = server.metrics().getRejectionsByReason();
        assertThat(server.metrics().getRejectedConnections())
                .as("every rejection is %s: %s", reason, byReason)
                .isEqualTo(expected);
    }
}
