package io.github.proxyprotocol.testsupport.contract;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_PORT;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_IP;
import static io.github.proxyprotocol.testsupport.TestHeaders.DESTINATION_PORT;
import static io.github.proxyprotocol.testsupport.contract.ContractSettings.DIRECT_PEER;
import static io.github.proxyprotocol.testsupport.contract.ContractSettings.OPTIONAL_PEER;
import static io.github.proxyprotocol.testsupport.contract.ContractSettings.REJECTED_PEER;
import static io.github.proxyprotocol.testsupport.contract.ContractSettings.REQUIRED_PEER;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.HeaderInjectingRelay;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpClient.WriteMode;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every integration must do (design.md), written once: each container module runs it with its own {@link
 * ContractServerFactory} for each container line it supports. A case asserts what a user would check: the address
 * the application sees, the access log, that a bad connection is closed without a response, never reaches the
 * application, is logged once with its peer and reason, and is counted under that reason. Nothing here waits on the
 * clock: outcomes are awaited on counters and sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProxyProtocolContract {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ContractServer server;

    /** The container line under test. */
    protected abstract ContractServerFactory factory();

    @BeforeAll
    void startServer() throws Exception {
        server = factory().start(ContractSettings.defaults());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** How a client delivers the header and the request. */
    public enum Delivery {
        /** Header and request in one write. */
        WHOLE(WriteMode.ALL_AT_ONCE),
        /** The header split in two writes, the request with the second. */
        TWO_PIECES(WriteMode.TWO_PIECES),
        /** One byte per write. */
        ONE_BYTE_PER_WRITE(WriteMode.ONE_BYTE_PER_WRITE);

        final WriteMode mode;

        Delivery(WriteMode mode) {
            this.mode = mode;
        }
    }

    private RawHttpClient from(String peer) {
        return RawHttpClient.to(server.port()).from(peer);
    }

    private static WhoAmI whoami(RawHttpClient client) {
        RawHttpResponse response = client.get("/whoami");
        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        return WhoAmI.parse(response.body());
    }

    // ---- who may send a header ---------------------------------------------------------------------------------

    static Stream<Arguments> deliveries() {
        return Stream.of(Delivery.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void aTrustedProxysHeaderGivesTheApplicationTheClientsAddresses(Delivery delivery) {
        for (byte[] header : List.of(TestHeaders.v1(), TestHeaders.v2())) {
            WhoAmI seen = whoami(from(REQUIRED_PEER).prefix(header).writeMode(delivery.mode));
            assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
            assertThat(seen.remotePort()).isEqualTo(CLIENT_PORT);
            assertThat(seen.localAddr()).isEqualTo(DESTINATION_IP);
            assertThat(seen.localPort()).isEqualTo(DESTINATION_PORT);
            assertThat(seen.hasHeader()).isTrue();
            assertThat(seen.get("peer")).contains(REQUIRED_PEER);
            assertThat(seen.secure()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void aTrustedProxyWithoutAHeaderIsRefused(Delivery delivery) {
        assertRefused(Reason.NOT_PROXY_PROTOCOL, from(REQUIRED_PEER).writeMode(delivery.mode), new byte[0]);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void aPeerThatIsBothMaySendAHeaderOrNot(Delivery delivery) {
        WhoAmI withHeader = whoami(from(OPTIONAL_PEER).prefix(TestHeaders.v2()).writeMode(delivery.mode));
        assertThat(withHeader.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(withHeader.hasHeader()).isTrue();
        long direct = server.metrics().getDirectConnections();
        WhoAmI without = whoami(from(OPTIONAL_PEER).writeMode(delivery.mode));
        assertThat(without.remoteAddr()).isEqualTo(OPTIONAL_PEER);
        assertThat(without.hasHeader()).isFalse();
        assertThat(without.get("peer")).contains(OPTIONAL_PEER);
        assertThat(server.metrics().getDirectConnections()).isEqualTo(direct + 1);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void aDirectClientIsServedAsItselfAndMayNotSendAHeader(Delivery delivery) {
        WhoAmI seen = whoami(from(DIRECT_PEER).writeMode(delivery.mode));
        assertThat(seen.remoteAddr()).isEqualTo(DIRECT_PEER);
        assertThat(seen.hasHeader()).isFalse();
        assertRefused(Reason.UNEXPECTED_HEADER, from(DIRECT_PEER).writeMode(delivery.mode), TestHeaders.v1());
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void anyOtherPeerIsClosedAtOnce(Delivery delivery) {
        assertRefused(Reason.UNTRUSTED_PEER, from(REJECTED_PEER).writeMode(delivery.mode), TestHeaders.v2());
        assertRefused(Reason.UNTRUSTED_PEER, from(REJECTED_PEER).writeMode(delivery.mode), new byte[0]);
    }

    // ---- what the application sees ---------------------------------------------------------------------------

    @Test
    void everyHeaderFormReportsItsAddresses() {
        WhoAmI v1Tcp6 = whoami(from(REQUIRED_PEER).prefix(TestHeaders.v1Tcp6()));
        assertThat(v1Tcp6.remoteAddr()).isIn(TestHeaders.CLIENT_IP6, "2001:db8::7");
        WhoAmI v2Tcp6 = whoami(from(REQUIRED_PEER).prefix(TestHeaders.v2Tcp6()));
        assertThat(v2Tcp6.remoteAddr()).isIn(TestHeaders.CLIENT_IP6, "2001:db8::7");
        WhoAmI unknown = whoami(from(REQUIRED_PEER).prefix(TestHeaders.v1Unknown()));
        assertThat(unknown.remoteAddr()).isEqualTo(REQUIRED_PEER);
        assertThat(unknown.hasHeader()).isTrue();
        WhoAmI tlvs = whoami(from(REQUIRED_PEER).prefix(TestHeaders.v2WithTlvs()));
        assertThat(tlvs.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(tlvs.get("header.tlvs")).isEqualTo("5");
    }

    @Test
    void anSslTlvMakesTheRequestSecure() {
        WhoAmI seen = whoami(from(REQUIRED_PEER).prefix(TestHeaders.v2Ssl()));
        assertThat(seen.secure()).isTrue();
        assertThat(seen.scheme()).isEqualTo("https");
        assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
    }

    @Test
    void anSslTlvLeavesTheRequestClearWhenTheListenerSaysSo() throws Exception {
        try (ContractServer clear = factory().start(ContractSettings.defaults().sslTlvSecure(false))) {
            WhoAmI seen = whoami(RawHttpClient.to(clear.port()).prefix(TestHeaders.v2Ssl()));
            assertThat(seen.secure()).isFalse();
            assertThat(seen.scheme()).isEqualTo("http");
            assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
        }
    }

    @Test
    void eachConnectionSeesItsOwnHeaderAndNothingOfTheOnesBefore() throws Exception {
        List<java.util.concurrent.Callable<Void>> connections = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int port = 40_000 + i;
            int kind = i % 3;
            connections.add(() -> {
                if (kind == 0) {
                    WhoAmI seen = whoami(from(REQUIRED_PEER).prefix(TestHeaders.v2(CLIENT_IP, port)));
                    assertThat(seen.remotePort()).isEqualTo(port);
                } else if (kind == 1) {
                    WhoAmI seen = whoami(from(REQUIRED_PEER)
                            .prefix(TestHeaders.ascii("PROXY TCP4 " + CLIENT_IP + " " + DESTINATION_IP + " " + port
                                    + " " + DESTINATION_PORT + "\r\n")));
                    assertThat(seen.remotePort()).isEqualTo(port);
                } else {
                    WhoAmI seen = whoami(from(OPTIONAL_PEER));
                    assertThat(seen.remoteAddr()).isEqualTo(OPTIONAL_PEER);
                    assertThat(seen.hasHeader()).isFalse();
                }
                return null;
            });
        }
        java.util.concurrent.ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (java.util.concurrent.Future<Void> done : clients.invokeAll(connections)) {
                done.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"*", "0.0.0.0/0, ::/0"})
    void trustingEveryPeerIsWarnedAboutAtStartUp(String everyone) throws Exception {
        try (ContractServer open = factory().start(ContractSettings.defaults().trustedProxies(everyone))) {
            Await.until(
                    WAIT,
                    () -> "a start-up warning in " + open.warnings(),
                    () -> open.warnings().stream().anyMatch(line -> line.contains("trusts every peer")));
        }
    }

    @Test
    void ipv4MappedAddressesAreReportedAsIpv4() {
        for (byte[] header : List.of(TestHeaders.v1Mapped(), TestHeaders.v2Mapped())) {
            String marker = "/whoami?mapped=" + header.length;
            RawHttpResponse response = from(REQUIRED_PEER).prefix(header).get(marker);
            WhoAmI seen = WhoAmI.parse(response.body());
            assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
            assertThat(seen.localAddr()).isEqualTo(DESTINATION_IP);
            assertThat(seen.get("header.source")).contains(CLIENT_IP).doesNotContain("ffff");
            assertThat(server.awaitAccessLog(marker)).startsWith(CLIENT_IP + " ");
        }
    }

    @Test
    void theAccessLogShowsTheClient() {
        String marker = "/whoami?log=" + System.identityHashCode(this);
        from(REQUIRED_PEER).prefix(TestHeaders.v2()).get(marker);
        assertThat(server.awaitAccessLog(marker)).startsWith(CLIENT_IP + " ");
    }

    @Test
    void keepAliveAndPipelinedRequestsAllReportTheHeader() {
        List<RawHttpResponse> kept =
                from(REQUIRED_PEER).prefix(TestHeaders.v1()).getAll("/whoami", "/whoami", "/whoami");
        assertThat(kept)
                .hasSize(3)
                .allSatisfy(r -> assertThat(WhoAmI.parse(r.body()).remoteAddr()).isEqualTo(CLIENT_IP));
        String two = "GET /whoami HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        try (RawConnection connection =
                from(REQUIRED_PEER).prefix(TestHeaders.v2()).openAndSend(two.getBytes(StandardCharsets.US_ASCII))) {
            assertThat(WhoAmI.parse(connection.readResponse().body()).remoteAddr())
                    .isEqualTo(CLIENT_IP);
            assertThat(WhoAmI.parse(connection.readResponse().body()).remoteAddr())
                    .isEqualTo(CLIENT_IP);
        }
    }

    // ---- TLS and HTTP/2 ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void theHeaderComesBeforeTls(Delivery delivery) {
        RawHttpClient client = RawHttpClient.to(server.tlsPort())
                .from(REQUIRED_PEER)
                .prefix(TestHeaders.v1())
                .writeMode(delivery.mode)
                .tls(TestCertificates.clientContext())
                .alpn("http/1.1");
        WhoAmI seen = whoami(client);
        assertThat(seen.remoteAddr()).isEqualTo(CLIENT_IP);
        assertThat(seen.secure()).isTrue();
        assertThat(seen.scheme()).isEqualTo("https");
    }

    @Test
    void http2OverAlpnAndH2cReportTheHeader() throws Exception {
        for (boolean tls : new boolean[] {true, false}) {
            int backend = tls ? server.tlsPort() : server.port();
            try (HeaderInjectingRelay relay =
                    HeaderInjectingRelay.start(backend, (client, relayAddress) -> TestHeaders.v2())) {
                HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2);
                if (tls) {
                    builder.sslContext(TestCertificates.clientContext());
                }
                HttpClient http = builder.build();
                URI uri = URI.create((tls ? "https" : "http") + "://localhost:" + relay.port() + "/whoami");
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> response =
                            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.version()).as("tls %s", tls).isEqualTo(HttpClient.Version.HTTP_2);
                    assertThat(WhoAmI.parse(response.body()).remoteAddr()).isEqualTo(CLIENT_IP);
                }
            }
        }
    }

    @Test
    void anSslTlvMakesH2cRequestsSecure() throws Exception {
        try (HeaderInjectingRelay relay =
                HeaderInjectingRelay.start(server.port(), (client, relayAddress) -> TestHeaders.v2Ssl())) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            URI uri = URI.create("http://localhost:" + relay.port() + "/whoami");
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            WhoAmI seen = WhoAmI.parse(response.body());
            assertThat(seen.secure()).isTrue();
            assertThat(seen.scheme()).isEqualTo("https");
        }
    }

    @Test
    void theTlsListenerAppliesTheTrustTableBeforeTls() {
        int served = server.requestsServed();
        RawHttpClient tls = RawHttpClient.to(server.tlsPort()).tls(TestCertificates.clientContext());
        tls.from(REJECTED_PEER).prefix(TestHeaders.v1()).assertClosedWithoutResponse();
        tls.from(REQUIRED_PEER).assertClosedWithoutResponse();
        tls.from(REQUIRED_PEER)
                .prefix(TestHeaders.ascii("PROXY TCP4 1.2.3.4.5 192.0.2.1 1 2\r\n"))
                .assertClosedWithoutResponse();
        tls.from(DIRECT_PEER).prefix(TestHeaders.v1()).assertClosedWithoutResponse();
        assertThat(server.requestsServed()).isEqualTo(served);
        WhoAmI direct = whoami(tls.from(DIRECT_PEER).alpn("http/1.1"));
        assertThat(direct.remoteAddr()).isEqualTo(DIRECT_PEER);
        assertThat(direct.secure()).isTrue();
        WhoAmI optional = whoami(tls.from(OPTIONAL_PEER).alpn("http/1.1"));
        assertThat(optional.remoteAddr()).isEqualTo(OPTIONAL_PEER);
    }

    // ---- LOCAL ------------------------------------------------------------------------------------------------

    static Stream<Arguments> localForms() {
        return Stream.of(
                Arguments.of("HAProxy check, UNSPEC, length 0", TestHeaders.v2LocalUnspec()),
                Arguments.of("HAProxy check with crc32c, UNSPEC, length 7", TestHeaders.v2LocalUnspecWithCrc()),
                Arguments.of(
                        "AWS NLB check, TCP4 without an address block, CRC32C and NOOP", TestHeaders.nlbHealthCheck()),
                Arguments.of("LOCAL that carries addresses", TestHeaders.v2Local()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("localForms")
    void aLocalHeaderIsServedWithTheRealAddresses(String form, byte[] header) {
        long local = server.metrics().getLocalHeaders();
        WhoAmI seen = whoami(from(REQUIRED_PEER).prefix(header));
        assertThat(seen.remoteAddr()).isEqualTo(REQUIRED_PEER);
        assertThat(seen.get("header.command")).isEqualTo("LOCAL");
        assertThat(seen.get("header.source")).isEqualTo("null");
        assertThat(server.metrics().getLocalHeaders()).isEqualTo(local + 1);
    }

    // ---- bad input ---------------------------------------------------------------------------------------------

    static Stream<Arguments> badHeaders() {
        byte[] v2 = TestHeaders.v2();
        return Stream.of(
                Arguments.of(Reason.NOT_PROXY_PROTOCOL, TestHeaders.ascii("GET / HTTP/1.1\r\n\r\n")),
                Arguments.of(Reason.V1_MALFORMED, TestHeaders.ascii("PROXY TCP4 203.0.113.7 192.0.2.1 04242 443\r\n")),
                Arguments.of(Reason.V1_MALFORMED, TestHeaders.ascii("PROXY TCP4 example.com 192.0.2.1 4242 443\r\n")),
                Arguments.of(Reason.V1_TOO_LONG, TestHeaders.ascii("PROXY UNKNOWN " + "x".repeat(100))),
                Arguments.of(Reason.V2_UNSUPPORTED_VERSION, patched(v2, 12, 0x31)),
                Arguments.of(Reason.V2_UNSUPPORTED_COMMAND, patched(v2, 12, 0x2F)),
                Arguments.of(Reason.V2_UNSUPPORTED_FAMILY, patched(v2, 13, 0x41)),
                Arguments.of(Reason.V2_TRUNCATED_ADDRESSES, patched(patched(v2, 14, 0), 15, 4)),
                Arguments.of(Reason.HEADER_TOO_LARGE, patched(patched(v2, 14, 0x20), 15, 0)),
                Arguments.of(
                        Reason.TLV_MALFORMED, TestHeaders.concat(patched(v2, 15, 12 + 4), new byte[] {0x04, 0, 9, 0})),
                Arguments.of(Reason.CRC32C_MISMATCH, patched(TestHeaders.v2WithTlvs(), 16, 0x7F)));
    }

    private static byte[] patched(byte[] header, int index, int value) {
        byte[] copy = header.clone();
        copy[index] = (byte) value;
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void aBadHeaderIsRefused(Reason reason, byte[] header) {
        assertRefused(reason, from(REQUIRED_PEER), header);
    }

    @Test
    void aVersionTheListenerDoesNotAcceptIsRefused() throws Exception {
        try (ContractServer v1Only = factory().start(ContractSettings.defaults().versions("v1"))) {
            assertRefused(v1Only, Reason.VERSION_NOT_ACCEPTED, RawHttpClient.to(v1Only.port()), TestHeaders.v2());
            assertThat(WhoAmI.parse(RawHttpClient.to(v1Only.port())
                                    .prefix(TestHeaders.v1())
                                    .get("/whoami")
                                    .body())
                            .remoteAddr())
                    .isEqualTo(CLIENT_IP);
        }
    }

    /**
     * Each refusal is logged once, naming the peer and the reason, until the listener's budget of ten lines a minute
     * is spent; then the lines stop (a flood cannot fill the log) while every refusal is still counted.
     */
    @Test
    void refusalsAreLoggedOnceEachWithPeerAndReasonAndRateLimited() throws Exception {
        try (ContractServer fresh = factory().start(ContractSettings.defaults())) {
            List<Object[]> refusals = List.of(
                    new Object[] {REJECTED_PEER, Reason.UNTRUSTED_PEER, TestHeaders.v1()},
                    new Object[] {DIRECT_PEER, Reason.UNEXPECTED_HEADER, TestHeaders.v1()},
                    new Object[] {REQUIRED_PEER, Reason.NOT_PROXY_PROTOCOL, new byte[0]},
                    new Object[] {REQUIRED_PEER, Reason.V1_MALFORMED, TestHeaders.ascii("PROXY TCP4 1.2.3.4\r\n")},
                    new Object[] {REQUIRED_PEER, Reason.CRC32C_MISMATCH, patched(TestHeaders.v2WithTlvs(), 16, 1)});
            for (Object[] refusal : refusals) {
                String peer = (String) refusal[0];
                Reason reason = (Reason) refusal[1];
                assertRefused(fresh, reason, RawHttpClient.to(fresh.port()).from(peer), (byte[]) refusal[2]);
                Await.until(
                        WAIT,
                        () -> "a warning naming " + peer + " and " + reason.code() + " in " + fresh.warnings(),
                        () -> fresh.warnings().stream()
                                .anyMatch(line -> line.contains(peer) && line.contains(reason.code())));
            }
            for (int i = 0; i < 20; i++) {
                assertRefused(
                        fresh,
                        Reason.UNTRUSTED_PEER,
                        RawHttpClient.to(fresh.port()).from(REJECTED_PEER),
                        TestHeaders.v1());
            }
            assertThat(fresh.metrics().getRejectedConnections()).isEqualTo(refusals.size() + 20);
            assertThat(fresh.warnings().stream().filter(line -> line.contains("closed connection from")))
                    .as("lines about refused connections within a minute")
                    .hasSize(10);
        }
    }

    @Test
    void anUntrustedPeerIsClosedAtOnceBeforeItSendsAByte() throws Exception {
        try (ContractServer patient =
                        factory().start(ContractSettings.defaults().headerTimeoutMillis(600_000));
                RawConnection silent =
                        RawHttpClient.to(patient.port()).from(REJECTED_PEER).openAndSend(new byte[0])) {
            // Closed long before the 10-minute header timeout could do it.
            silent.awaitClosedWithoutResponse(WAIT);
            assertThat(patient.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionLeavesNoAccessLogLine() {
        int lines = server.accessLog().size();
        assertRefused(Reason.NOT_PROXY_PROTOCOL, from(REQUIRED_PEER), new byte[0]);
        assertRefused(Reason.UNTRUSTED_PEER, from(REJECTED_PEER), TestHeaders.v1());
        assertRefused(Reason.V1_MALFORMED, from(REQUIRED_PEER), TestHeaders.ascii("PROXY TCP4 x\r\n"));
        String marker = "/whoami?after-refusals=" + System.identityHashCode(this);
        from(REQUIRED_PEER).prefix(TestHeaders.v1()).get(marker);
        server.awaitAccessLog(marker);
        assertThat(server.accessLog().subList(lines, server.accessLog().size()))
                .singleElement()
                .asString()
                .contains(marker);
    }

    @Test
    void aPeerThatClosesMidHeaderIsRefused() {
        ProxyProtocolMetrics metrics = server.metrics();
        long before = metrics.rejections(Reason.CONNECTION_CLOSED);
        try (RawConnection connection = from(REQUIRED_PEER).openAndSend(TestHeaders.ascii("PROXY TCP4 203."))) {
            connection.shutdownOutput();
            connection.awaitClosedWithoutResponse(WAIT);
        }
        Await.until(WAIT, "connection_closed counted", () -> metrics.rejections(Reason.CONNECTION_CLOSED) > before);
    }

    @Test
    void aHealthCheckThatClosesWithoutAByteIsCountedButNotWarnedAbout() throws Exception {
        try (ContractServer fresh = factory().start(ContractSettings.defaults())) {
            ProxyProtocolMetrics metrics = fresh.metrics();
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket()) {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(REQUIRED_PEER), 0));
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fresh.port()));
                }
            }
            Await.until(
                    WAIT,
                    () -> "3 health checks counted: " + metrics.getRejectionsByReason(),
                    () -> metrics.rejections(Reason.CLOSED_WITHOUT_DATA) == 3);
            // A later refusal is logged after them: once its line shows, theirs would have shown before it.
            assertRefused(fresh, Reason.NOT_PROXY_PROTOCOL, RawHttpClient.to(fresh.port()), new byte[0]);
            Await.until(
                    WAIT,
                    "the refusal's warning",
                    () -> fresh.warnings().stream().anyMatch(line -> line.contains(Reason.NOT_PROXY_PROTOCOL.code())));
            assertThat(fresh.warnings()).noneMatch(line -> line.contains(Reason.CLOSED_WITHOUT_DATA.code()));
            assertThat(fresh.requestsServed()).isZero();
        }
    }

    // ---- the deadline ------------------------------------------------------------------------------------------

    @Test
    void silentAndPartialConnectionsAreClosedAtTheHeaderTimeout() throws Exception {
        try (ContractServer quick = factory().start(ContractSettings.defaults().headerTimeoutMillis(500))) {
            long before = quick.metrics().getTimeouts();
            try (RawConnection silent = RawHttpClient.to(quick.port()).openAndSend(new byte[0]);
                    RawConnection partial =
                            RawHttpClient.to(quick.port()).openAndSend(TestHeaders.ascii("PROXY TCP4 203.0.113.7 "));
                    RawConnection silentDirect =
                            RawHttpClient.to(quick.port()).from(DIRECT_PEER).openAndSend(new byte[0])) {
                silent.awaitClosedWithoutResponse(WAIT);
                partial.awaitClosedWithoutResponse(WAIT);
                silentDirect.awaitClosedWithoutResponse(WAIT);
            }
            Await.until(WAIT, "3 timeouts counted", () -> quick.metrics().getTimeouts() == before + 3);
            assertThat(quick.requestsServed()).isZero();
            Await.until(
                    WAIT,
                    "a timeout warning",
                    () -> quick.warnings().stream().anyMatch(line -> line.contains(Reason.TIMEOUT.code())));
        }
    }

    /**
     * The header timeout bounds the header only: a connection whose header came in time stays open, idle, past it.
     * Ordered by state, not by the clock: a silent connection opened after it has been closed by the timeout.
     */
    @Test
    void aConnectionWhoseHeaderCameInTimeOutlivesTheHeaderTimeout() throws Exception {
        try (ContractServer quick = factory().start(ContractSettings.defaults().headerTimeoutMillis(300));
                RawConnection kept =
                        RawHttpClient.to(quick.port()).prefix(TestHeaders.v1()).connect()) {
            assertThat(WhoAmI.parse(kept.get("/whoami").body()).remoteAddr()).isEqualTo(CLIENT_IP);
            try (RawConnection later = RawHttpClient.to(quick.port()).openAndSend(new byte[0])) {
                later.awaitClosedWithoutResponse(WAIT);
            }
            assertThat(WhoAmI.parse(kept.get("/whoami").body()).remoteAddr()).isEqualTo(CLIENT_IP);
        }
    }

    /**
     * A trusted peer that trickles its header in, a byte at a time, slower than a whole header can arrive in time: the
     * deadline is fixed at accept, so each is closed and counted as a timeout, and never served.
     */
    @ParameterizedTest(name = "header timeout {0} ms")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1000, 3000})
    void aPeerThatTricklesItsHeaderIsClosedAtTheDeadline(long timeoutMillis) throws Exception {
        long[] gapsMillis = {300, 600, 950};
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(gapsMillis.length);
        try (ContractServer slow = factory().start(ContractSettings.defaults().headerTimeoutMillis(timeoutMillis))) {
            byte[] header = TestHeaders.concat(
                    TestHeaders.v1(), RawHttpClient.to(slow.port()).getRequest("/whoami", true));
            List<RawConnection> tricklers = new ArrayList<>();
            for (long gap : gapsMillis) {
                RawConnection connection = RawHttpClient.to(slow.port()).openAndSend(new byte[0]);
                tricklers.add(connection);
                int[] next = {0};
                pacer.scheduleWithFixedDelay(
                        () -> {
                            if (next[0] < header.length) {
                                connection.sendQuietly(new byte[] {header[next[0]++]});
                            }
                        },
                        0,
                        gap,
                        TimeUnit.MILLISECONDS);
            }
            for (RawConnection trickler : tricklers) {
                trickler.awaitClosedWithoutResponse(WAIT);
                trickler.close();
            }
            Await.until(
                    WAIT,
                    () -> "3 timeouts counted: " + slow.metrics().getRejectionsByReason(),
                    () -> slow.metrics().getTimeouts() == gapsMillis.length);
            assertThat(slow.requestsServed()).isZero();
            assertThat(slow.metrics().getAcceptedV1Headers()).isZero();
        } finally {
            pacer.shutdownNow();
        }
    }

    // ---- real senders -----------------------------------------------------------------------------------------

    /** HAProxy (v1, v2 with health checks, SSL TLVs, TLS passthrough with h2) and curl in front of the container. */
    @Test
    void realHaproxyAndCurlInFront() throws Exception {
        HaproxyContract.run(factory());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void assertRefused(Reason reason, RawHttpClient client, byte[] prefix) {
        assertRefused(server, reason, client, prefix);
    }

    private static void assertRefused(ContractServer server, Reason reason, RawHttpClient client, byte[] prefix) {
        ProxyProtocolMetrics metrics = server.metrics();
        long before = metrics.rejections(reason);
        int served = server.requestsServed();
        client.prefix(prefix).assertClosedWithoutResponse();
        Await.until(
                WAIT,
                () -> reason.code() + " counted once: " + metrics.getRejectionsByReason(),
                () -> metrics.rejections(reason) == before + 1);
        assertThat(server.requestsServed()).as("requests served").isEqualTo(served);
    }
}
