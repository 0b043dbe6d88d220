package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "who may send a header" table beyond the contract's cases: on the TLS connector, for a peer that sends nothing
 * at all, and for IPv6 peers.
 */
class TrustTableTest {
    private static final String OTHER_PEER = "127.0.0.2";

    @Test
    void theTlsConnectorAppliesTheTableBeforeTls() {
        try (TestServer server = TestServer.start(factory -> factory.setDirectClients("127.0.0.3"))) {
            RawHttpClient.to(server.tlsPort()).tls().assertClosedWithoutResponse();
            RawHttpClient.to(server.tlsPort()).from(OTHER_PEER).tls().assertClosedWithoutResponse();
            try (RawConnection directTls = RawHttpClient.to(server.tlsPort())
                    .from("127.0.0.3")
                    .alpn("http/1.1")
                    .connect()) {
                assertThat(WhoAmIHandler.parse(directTls.get("/").body()))
                        .containsEntry("remoteAddr", "127.0.0.3")
                        .containsEntry("secure", "true")
                        .containsEntry("header", "none");
            }

            Await.until(
                    Duration.ofSeconds(5),
                    () -> "TLS connector rejections: " + server.tlsMetrics().getRejectionsByReason(),
                    () -> server.tlsMetrics().rejections(Reason.NOT_PROXY_PROTOCOL) == 1
                            && server.tlsMetrics().rejections(Reason.UNTRUSTED_PEER) == 1);
            assertThat(server.tlsMetrics().getDirectConnections()).isEqualTo(1);
            assertThat(server.handled()).isEqualTo(1);
        }
    }

    @Test
    void anyOtherPeerIsClosedAtOnceWithNothingRead() {
        try (TestServer server = TestServer.start(factory -> factory.setHeaderTimeout(60_000))) {
            // sends nothing: closed long before the 60 s header timeout, without waiting for a byte
            try (RawConnection silent =
                    RawHttpClient.to(server.port()).from(OTHER_PEER).openAndSend(new byte[0])) {
                silent.awaitClosedWithoutResponse(Duration.ofSeconds(5));
            }
            awaitRejections(server, Reason.UNTRUSTED_PEER, 1);
            assertThat(server.metrics().getTimeouts()).isZero();
        }
    }

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
