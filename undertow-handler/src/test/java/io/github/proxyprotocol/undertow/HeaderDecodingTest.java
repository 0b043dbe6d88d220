package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Valid v1 and v2 headers, with TLVs, sent all at once and one byte per write: what a handler sees. */
class HeaderDecodingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> get(WriteMode mode, byte[] header) {
        return Seen.of(
                RawHttpClient.to(server.port()).writeMode(mode).prefix(header).get("/"));
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void v1Tcp4(WriteMode mode) {
        Map<String, String> seen = get(mode, TestHeaders.v1());

        assertThat(seen)
                .containsEntry("remote", "203.0.113.7:4242")
                .containsEntry("local", "192.0.2.1:443")
                .containsEntry("header", "V1 PROXY INET")
                .containsEntry("secure", "false");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void v1Tcp6(WriteMode mode) {
        Map<String, String> seen = get(mode, TestHeaders.ascii("PROXY TCP6 2001:db8::7 2001:db8::1 65535 8443\r\n"));

        assertThat(seen)
                .containsEntry("remote", "[2001:db8:0:0:0:0:0:7]:65535")
                .containsEntry("local", "[2001:db8:0:0:0:0:0:1]:8443")
                .containsEntry("header", "V1 PROXY INET6");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void v1UnknownKeepsTheRealAddresses(WriteMode mode) {
        Map<String, String> seen = get(mode, TestHeaders.ascii("PROXY UNKNOWN\r\n"));

        assertThat(seen.get("remote")).startsWith("127.0.0.1:").isEqualTo(seen.get("peer"));
        assertThat(seen).containsEntry("local", "127.0.0.1:" + server.port());
        assertThat(seen.get("header")).startsWith("V1 PROXY");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void v2WithTlvsMarksTheRequestSecure(WriteMode mode) {
        Map<String, String> seen = get(mode, TestHeaders.v2WithTlvs("client"));

        assertThat(seen)
                .containsEntry("remote", "203.0.113.7:4242")
                .containsEntry("local", "192.0.2.1:443")
                .containsEntry(
                        "header",
                        "V2 PROXY INET authority=example.com alpn=h2 uniqueId=8bytes ssl=3/TLSv1.3/client crc32c")
                .containsEntry("secure", "true")
                .containsEntry("scheme", "https")
                .containsEntry("tls", "false");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void v2Tcp6(WriteMode mode) {
        Map<String, String> seen = get(
                mode,
                ProxyHeaderEncoder.encode(TestHeaders.v2Builder("2001:db8::7", 4242, "2001:db8::1", 443)
                        .build()));

        assertThat(seen)
                .containsEntry("remote", "[2001:db8:0:0:0:0:0:7]:4242")
                .containsEntry("header", "V2 PROXY INET6");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void v2LocalWithAddressesAndTlvsKeepsTheRealAddresses(WriteMode mode) {
        long local = server.metrics().getLocalHeaders();
        byte[] healthCheck = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.LOCAL)
                .addresses(TestHeaders.address("10.0.0.1", 1000), TestHeaders.address("10.0.0.2", 80))
                .authority("health")
                .build());

        Map<String, String> seen = get(mode, healthCheck);

        assertThat(seen.get("remote")).startsWith("127.0.0.1:");
        assertThat(seen.get("header")).startsWith("V2 LOCAL");
        assertThat(server.metrics().getLocalHeaders()).isEqualTo(local + 1);
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void sslTlvDoesNotMarkTheRequestSecureWhenTurnedOff(WriteMode mode) {
        try (TestServer plain = TestServer.builder()
                .trustedProxies("127.0.0.1")
                .option(ProxyProtocolOptions.SSL_TLV_SECURE, false)
                .start()) {
            Map<String, String> seen = Seen.of(RawHttpClient.to(plain.port())
                    .writeMode(mode)
                    .prefix(TestHeaders.v2WithTlvs("client"))
                    .get("/"));

            assertThat(seen).containsEntry("secure", "false").containsEntry("scheme", "http");
            assertThat(seen.get("header")).contains("ssl=3/TLSv1.3/client");
        }
    }
}
