package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** Every row of the "who may send a header" table, decided by the peer's address (127.0.0.1 or 127.0.0.2). */
class TrustTableTest {
    private static final String PROXY = "127.0.0.1";
    private static final String OTHER = "127.0.0.2";

    @Test
    void trustedProxyNotDirectClientMustSendHeader() {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", PROXY)
                .attribute("proxyProtocolDirectClients", OTHER)
                .start()) {
            try (RawClient client = RawClient.connectFrom(PROXY, tomcat.port())) {
                Json json = Whoami.ask(client.send(TestHeaders.v1()));
                assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
                assertThat(json.getString("peer"))
                        .contains("/" + PROXY + ":" + client.localAddress().getPort());
            }
            try (RawClient client = RawClient.connectFrom(PROXY, tomcat.port())) {
                client.send(RawClient.get("/whoami"));
                client.assertClosedWithoutResponse(Duration.ofSeconds(5));
            }
            assertThat(tomcat.metrics().rejections(Reason.NOT_PROXY_PROTOCOL)).isEqualTo(1);
        }
    }

    @Test
    void trustedProxyAndDirectClientMaySendHeader() {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", PROXY)
                .attribute("proxyProtocolDirectClients", PROXY)
                .start()) {
            try (RawClient client = RawClient.connectFrom(PROXY, tomcat.port())) {
                Json json = Whoami.ask(client.send(TestHeaders.v2()));
                assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
                assertThat(json.getInt("proxy.version")).isEqualTo(2);
            }
            try (RawClient client = RawClient.connectFrom(PROXY, tomcat.port())) {
                Json json = Whoami.ask(client);
                assertThat(json.getString("remoteAddr")).isEqualTo(PROXY);
                assertThat(json.getInt("remotePort"))
                        .isEqualTo(client.localAddress().getPort());
                assertThat(json.getString("proxy")).isNull();
                assertThat(json.getString("peer")).contains("/" + PROXY + ":");
            }
            assertThat(tomcat.metrics().getAcceptedV2Headers()).isEqualTo(1);
            assertThat(tomcat.metrics().getDirectConnections()).isEqualTo(1);
        }
    }

    @Test
    void directClientNotTrustedProxyIsServedButMayNotSendHeader() {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolTrustedProxies", PROXY)
                .attribute("proxyProtocolDirectClients", OTHER)
                .start()) {
            try (RawClient client = RawClient.connectFrom(OTHER, tomcat.port())) {
                Json json = Whoami.ask(client);
                assertThat(json.getString("remoteAddr")).isEqualTo(OTHER);
                assertThat(json.getString("proxy")).isNull();
            }
            int calls = WhoAmIServlet.CALLS.get();
            try (RawClient client = RawClient.connectFrom(OTHER, tomcat.port())) {
                client.send(TestHeaders.concat(TestHeaders.v1(), TestHeaders.ascii(RawClient.get("/whoami"))));
                client.assertClosedWithoutResponse(Duration.ofSeconds(5));
            }
            assertThat(WhoAmIServlet.CALLS.get()).isEqualTo(calls);
            assertThat(tomcat.metrics().rejections(Reason.UNEXPECTED_HEADER)).isEqualTo(1);
        }
    }

    @Test
    void neitherIsClosedAtOnceWithoutReading() {
        try (LogCapture log = LogCapture.start();
                TestTomcat tomcat = TestTomcat.builder()
                        .attribute("proxyProtocolTrustedProxies", PROXY)
                        .attribute("proxyProtocolHeaderTimeout", "60000")
                        .start();
                RawClient client = RawClient.connectFrom(OTHER, tomcat.port())) {
            // Closed long before the header timeout, although the peer sent nothing yet.
            client.assertClosedWithoutResponse(Duration.ofSeconds(5));
            assertThat(tomcat.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
            assertThat(log.warningsContaining(tomcat.name()))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .contains("/" + OTHER + ":" + client.localAddress().getPort())
                    .contains(Reason.UNTRUSTED_PEER.code());
        }
    }
}
