package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP6;
import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_PORT;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_IP6;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What handlers and the request log see behind a valid header, every header kind written whole and byte by byte. */
class ProxiedAddressesTest {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Stream<Arguments> headers() {
        Stream<Arguments> kinds = Stream.of(
                Arguments.of("v1 TCP4", TestHeaders.v1(), CLIENT_IP, DESTINATION_IP, "v1 PROXY"),
                Arguments.of(
                        "v1 TCP6",
                        TestHeaders.v1Tcp6(),
                        "[" + CLIENT_IP6 + "]",
                        "[" + DESTINATION_IP6 + "]",
                        "v1 PROXY"),
                Arguments.of("v2 TCP4", TestHeaders.v2(), CLIENT_IP, DESTINATION_IP, "v2 PROXY"),
                Arguments.of(
                        "v2 TCP6",
                        TestHeaders.v2Tcp6(),
                        "[" + CLIENT_IP6 + "]",
                        "[" + DESTINATION_IP6 + "]",
                        "v2 PROXY"),
                Arguments.of("v2 with TLVs", TestHeaders.v2WithTlvs(), CLIENT_IP, DESTINATION_IP, "v2 PROXY"));
        return kinds.flatMap(kind -> Stream.of(WriteMode.values()).map(mode -> {
            Object[] values = kind.get();
            return Arguments.of(values[0], values[1], values[2], values[3], values[4], mode);
        }));
    }

    @ParameterizedTest(name = "{0}, {5}")
    @MethodSource("headers")
    void handlerAndRequestLogSeeTheHeadersAddresses(
            String kind, byte[] header, String client, String destination, String described, WriteMode mode) {
        String path = "/" + kind.replace(' ', '-') + "-" + mode;
        RawHttpResponse response =
                RawHttpClient.to(server.port()).prefix(header).writeMode(mode).get(path);

        assertThat(response.status()).isEqualTo(200);
        Map<String, String> seen = WhoAmIHandler.parse(response.body());
        assertThat(seen)
                .containsEntry("remoteAddr", client)
                .containsEntry("remotePort", String.valueOf(CLIENT_PORT))
                .containsEntry("localAddr", destination)
                .containsEntry("localPort", String.valueOf(DESTINATION_PORT))
                .containsEntry("header", described);
        assertThat(seen.get("peer")).startsWith("127.0.0.1:");
        String logLine = server.awaitLogLine(line -> line.contains(path));
        assertThat(logLine)
                .startsWith(
                        client + " " + client + " " + CLIENT_PORT + " " + destination + " " + DESTINATION_PORT + " ");
    }

    @Test
    void tlvsReachTheRequestAttribute() {
        Map<String, String> seen = WhoAmIHandler.parse(RawHttpClient.to(server.port())
                .prefix(TestHeaders.v2WithTlvs())
                .get("/")
                .body());

        assertThat(seen)
                .containsEntry("authority", "example.com")
                .containsEntry("alpn", "h2")
                .containsEntry("uniqueIdLength", "8")
                .containsEntry("sslVersion", "TLSv1.3")
                .containsEntry("sslCn", "client.example");
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void unknownAndLocalHeadersKeepTheRealAddresses(WriteMode mode) {
        for (byte[] header : List.of(TestHeaders.v1Unknown(), TestHeaders.v2Local())) {
            try (RawConnection connection = RawHttpClient.to(server.port())
                    .prefix(header)
                    .writeMode(mode)
                    .connect()) {
                Map<String, String> seen =
                        WhoAmIHandler.parse(connection.get("/").body());
                assertThat(seen)
                        .containsEntry("remoteAddr", "127.0.0.1")
                        .containsEntry(
                                "remotePort",
                                String.valueOf(connection.localAddress().getPort()))
                        .containsEntry("localAddr", "127.0.0.1")
                        .containsEntry("localPort", String.valueOf(server.port()));
                assertThat(seen.get("header")).isIn("v1 PROXY", "v2 LOCAL");
            }
        }
    }

    @Test
    void theHeaderSplitAtEveryByteIntoTwoWrites() {
        for (byte[] header : List.of(TestHeaders.v1(), TestHeaders.v2WithTlvs())) {
            for (int split = 1; split < header.length; split++) {
                RawHttpClient client = RawHttpClient.to(server.port());
                byte[] rest = TestHeaders.concat(
                        Arrays.copyOfRange(header, split, header.length), client.getRequest("/split", true));
                try (RawConnection connection = client.openAndSend(Arrays.copyOf(header, split))) {
                    connection.write(rest);
                    assertThat(WhoAmIHandler.parse(connection.readResponse().body()))
                            .as("split at byte %d", split)
                            .containsEntry("remoteAddr", CLIENT_IP)
                            .containsEntry("localAddr", DESTINATION_IP);
                }
            }
        }
    }

    @Test
    void everyRequestOfAKeepAliveConnectionSeesTheHeader() {
        List<RawHttpResponse> responses =
                RawHttpClient.to(server.port()).prefix(TestHeaders.v2()).getAll("/one", "/two", "/three");

        assertThat(responses)
                .hasSize(3)
                .allSatisfy(response -> assertThat(WhoAmIHandler.parse(response.body()))
                        .containsEntry("remoteAddr", CLIENT_IP)
                        .containsEntry("localAddr", DESTINATION_IP)
                        .containsEntry("header", "v2 PROXY"));
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void requestsSentWithTheHeaderInOneWriteAreAllServed(WriteMode mode) {
        RawHttpClient client =
                RawHttpClient.to(server.port()).prefix(TestHeaders.v1()).writeMode(mode);
        byte[] pipelined = TestHeaders.concat(client.getRequest("/first", false), client.getRequest("/second", true));

        try (RawConnection connection = client.openAndSend(pipelined)) {
            RawHttpResponse first = connection.readResponse();
            RawHttpResponse second = connection.readResponse();

            assertThat(WhoAmIHandler.parse(first.body()))
                    .containsEntry("path", "/first")
                    .containsEntry("remoteAddr", CLIENT_IP);
            assertThat(WhoAmIHandler.parse(second.body()))
                    .containsEntry("path", "/second")
                    .containsEntry("remoteAddr", CLIENT_IP);
        }
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void httpsBehindTheHeader(WriteMode mode) {
        RawHttpClient client = RawHttpClient.to(server.tlsPort())
                .prefix(TestHeaders.v2())
                .writeMode(mode)
                .alpn("http/1.1");

        try (RawConnection connection = client.connect()) {
            Map<String, String> first =
                    WhoAmIHandler.parse(connection.get("/tls").body());
            Map<String, String> second =
                    WhoAmIHandler.parse(connection.get("/tls-again").body());

            assertThat(connection.applicationProtocol()).isEqualTo("http/1.1");
            for (Map<String, String> seen : List.of(first, second)) {
                assertThat(seen)
                        .containsEntry("remoteAddr", CLIENT_IP)
                        .containsEntry("localAddr", DESTINATION_IP)
                        .containsEntry("secure", "true")
                        .containsEntry("scheme", "https")
                        .containsEntry("header", "v2 PROXY");
            }
        }
        assertThat(server.awaitLogLine(line -> line.contains("/tls-again"))).startsWith(CLIENT_IP + " ");
    }

    @Test
    void anSslTlvMarksAClearTextRequestSecure() {
        Map<String, String> seen = WhoAmIHandler.parse(RawHttpClient.to(server.port())
                .prefix(TestHeaders.v2Ssl())
                .get("/ssl-tlv")
                .body());

        assertThat(seen)
                .containsEntry("secure", "true")
                .containsEntry("connectionSecure", "true")
                .containsEntry("scheme", "https")
                .containsEntry("remoteAddr", CLIENT_IP);
    }

    @Test
    void anSslTlvLeavesTheRequestAloneWhenSslTlvSecureIsOff() {
        try (TestServer plain = TestServer.start(factory -> factory.setSslTlvSecure(false))) {
            Map<String, String> seen = WhoAmIHandler.parse(RawHttpClient.to(plain.port())
                    .prefix(TestHeaders.v2Ssl())
                    .get("/")
                    .body());

            assertThat(seen)
                    .containsEntry("secure", "false")
                    .containsEntry("scheme", "http")
                    .containsEntry("sslVersion", "TLSv1.3");
        }
    }

    @Test
    void aHeaderWithoutSslTlvLeavesTheRequestClearText() {
        Map<String, String> seen = WhoAmIHandler.parse(RawHttpClient.to(server.port())
                .prefix(TestHeaders.v2())
                .get("/")
                .body());

        assertThat(seen).containsEntry("secure", "false").containsEntry("scheme", "http");
    }
}
