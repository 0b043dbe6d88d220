package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SSL_TLV_SECURE option turned off: an SSL TLV leaves the request clear text (the contract covers it on). */
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
