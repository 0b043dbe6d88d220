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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each row of the "who may send a header" table, decided by the peer's address: 127.0.0.1 plays the balancer (or a
 * pod reaching the ingress directly), 127.0.0.2 anyone else.
 */
class TrustTableTest {
    private static final String OTHER_PEER = "127.0.0.2";

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aTrustedProxyMustSendAHeader(WriteMode mode) {
        try (TestServer server = TestServer.start()) {
            RawHttpClient client = RawHttpClient.to(server.port()).writeMode(mode);

            assertThat(WhoAmIHandler.parse(
                            client.prefix(TestHeaders.v2()).get("/").body()))
                    .containsEntry("remoteAddr", CLIENT_IP)
                    .containsEntry("header", "v2 PROXY");
            client.assertClosedWithoutResponse();
            RawHttpClient.to(server.tlsPort()).writeMode(mode).tls().assertClosedWithoutResponse();

            assertThat(server.handled()).isEqualTo(1);
            awaitRejections(server, Reason.NOT_PROXY_PROTOCOL, 1);
            assertThat(server.tlsMetrics().rejections(Reason.NOT_PROXY_PROTOCOL))
                    .isEqualTo(1);
            assertThat(server.metrics().getAcceptedV2Headers()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aPeerThatIsBothMaySendAHeaderOrNot(WriteMode mode) {
        try (TestServer server = TestServer.start(factory -> factory.setDirectClients("127.0.0.1/32"))) {
            RawHttpClient client = RawHttpClient.to(server.port()).writeMode(mode);

            assertThat(WhoAmIHandler.parse(
                            client.prefix(TestHeaders.v1()).get("/").body()))
                    .containsEntry("remoteAddr", CLIENT_IP)
                    .containsEntry("header", "v1 PROXY");
            try (RawConnection direct = client.connect()) {
                assertThat(WhoAmIHandler.parse(direct.get("/").body()))
                        .containsEntry("remoteAddr", "127.0.0.1")
                        .containsEntry(
                                "remotePort",
                                String.valueOf(direct.localAddress().getPort()))
                        .containsEntry("header", "none")
                        .containsEntry(
                                "peer", "127.0.0.1:" + direct.localAddress().getPort());
            }
            try (RawConnection directTls = RawHttpClient.to(server.tlsPort())
                    .writeMode(mode)
                    .alpn("http/1.1")
                    .connect()) {
                assertThat(WhoAmIHandler.parse(directTls.get("/").body()))
                        .containsEntry("remoteAddr", "127.0.0.1")
                        .containsEntry("secure", "true")
                        .containsEntry("header", "none");
            }

            assertThat(server.metrics().getAcceptedV1Headers()).isEqualTo(1);
            assertThat(server.metrics().getDirectConnections()).isEqualTo(1);
            assertThat(server.tlsMetrics().getDirectConnections()).isEqualTo(1);
            assertThat(server.metrics().getRejectedConnections()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aDirectClientIsServedWithItsOwnAddressAndMustNotSendAHeader(WriteMode mode) {
        try (TestServer server = TestServer.start(factory -> {
            factory.setTrustedProxies("10.0.0.0/8");
            factory.setDirectClients("127.0.0.1");
        })) {
            RawHttpClient client = RawHttpClient.to(server.port()).writeMode(mode);

            assertThat(WhoAmIHandler.parse(client.get("/").body()))
                    .containsEntry("remoteAddr", "127.0.0.1")
                    .containsEntry("header", "none");
            client.prefix(TestHeaders.v1()).assertClosedWithoutResponse();
            client.prefix(TestHeaders.v2()).assertClosedWithoutResponse();

            assertThat(server.handled()).isEqualTo(1);
            awaitRejections(server, Reason.UNEXPECTED_HEADER, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void anyOtherPeerIsClosedAtOnceWithNothingRead(WriteMode mode) {
        try (TestServer server = TestServer.start(factory -> {
            factory.setDirectClients("127.0.0.1");
            factory.setHeaderTimeout(60_000);
        })) {
            RawHttpClient other =
                    RawHttpClient.to(server.port()).from(OTHER_PEER).writeMode(mode);

            other.prefix(TestHeaders.v2()).assertClosedWithoutResponse();
            other.assertClosedWithoutResponse();
            // sends nothing: closed long before the 60 s header timeout, without waiting for a byte
            try (RawConnection silent = other.openAndSend(new byte[0])) {
                silent.awaitClosedWithoutResponse(Duration.ofSeconds(5));
            }
            RawHttpClient.to(server.tlsPort()).from(OTHER_PEER).tls().assertClosedWithoutResponse();

            assertThat(server.handled()).isZero();
            awaitRejections(server, Reason.UNTRUSTED_PEER, 3);
            assertThat(server.tlsMetrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
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
