package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo's contract, container by container, over real sockets: {@code GET /whoami} answers with the JSON of what
 * the container reports, for v1 and v2 headers, over HTTP and HTTPS, for direct clients; untrusted peers and headerless
 * trusted peers are closed without a response.
 */
class WhoAmIContractTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 4242);
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 443);
    private static final String V1_HEADER = "PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n";

    @ParameterizedTest
    @EnumSource(Container.class)
    void v1HeaderGivesTheClientAddress(Container container) {
        try (RawConnection connection =
                RawHttpClient.to(httpPort(container)).prefix(V1_HEADER).connect()) {
            Map<String, Object> json = whoami(connection.get(WhoAmI.PATH));

            assertThat(json)
                    .containsEntry("container", container.id())
                    .containsEntry("remoteAddr", "203.0.113.7")
                    .containsEntry("remotePort", 4242L)
                    .containsEntry("localAddr", "192.0.2.1")
                    .containsEntry("localPort", 443L)
                    .containsEntry("secure", false)
                    .containsEntry("scheme", "http")
                    .containsEntry("peerAddr", "127.0.0.1")
                    .containsEntry("peerPort", (long) connection.localAddress().getPort());
            assertThat(JsonReader.at(json, "proxy"))
                    .isEqualTo(Map.of("version", 1L, "command", "PROXY", "family", "TCP4", "tlvs", Map.of()));
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void v2HeaderTlvsAreShownAndTheSslTlvMakesTheRequestSecure(Container container) {
        ProxyHeader header = ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .addresses(CLIENT, SERVER)
                .authority("example.com")
                .alpn("h2")
                .uniqueId(new byte[] {0, 1, 2, (byte) 0xFF})
                .ssl(new SslTlv(
                        SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN | SslTlv.CLIENT_CERT_SESS,
                        0,
                        List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"), Tlv.ofString(TlvType.SSL_CN, "alice"))))
                .crc32c()
                .build();

        Map<String, Object> json = whoami(RawHttpClient.to(httpPort(container))
                .prefix(ProxyHeaderEncoder.encode(header))
                .get(WhoAmI.PATH));

        assertThat(json)
                .containsEntry("container", container.id())
                .containsEntry("remoteAddr", "203.0.113.7")
                .containsEntry("remotePort", 4242L)
                .containsEntry("localAddr", "192.0.2.1")
                .containsEntry("localPort", 443L)
                .containsEntry("secure", true)
                .containsEntry("scheme", "https")
                .containsEntry("peerAddr", "127.0.0.1");
        assertThat(JsonReader.at(json, "proxy.version")).isEqualTo(2L);
        assertThat(JsonReader.at(json, "proxy.command")).isEqualTo("PROXY");
        assertThat(JsonReader.at(json, "proxy.family")).isEqualTo("TCP4");
        assertThat(JsonReader.at(json, "proxy.tlvs.authority")).isEqualTo("example.com");
        assertThat(JsonReader.at(json, "proxy.tlvs.alpn")).isEqualTo("h2");
        assertThat(JsonReader.at(json, "proxy.tlvs.uniqueId")).isEqualTo("000102ff");
        assertThat(JsonReader.at(json, "proxy.tlvs.ssl"))
                .isEqualTo(Map.of("client", 7L, "verified", true, "version", "TLSv1.3", "cn", "alice"));
        assertThat((String) JsonReader.at(json, "proxy.tlvs.crc32c")).matches("[0-9a-f]{8}");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void headerBeforeTlsOnTheHttpsListener(Container container) {
        ProxyHeader header = ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .addresses(CLIENT, SERVER)
                .authority("localhost")
                .build();
        RawHttpClient client = RawHttpClient.to(httpsPort(container)).tls(DemoTrust.clientContext());

        Map<String, Object> v2 = whoami(client.prefix(ProxyHeaderEncoder.encode(header))
                .oneBytePerWrite()
                .get(WhoAmI.PATH));
        Map<String, Object> v1 = whoami(client.prefix(V1_HEADER).get(WhoAmI.PATH));

        for (Map<String, Object> json : List.of(v1, v2)) {
            assertThat(json)
                    .containsEntry("container", container.id())
                    .containsEntry("remoteAddr", "203.0.113.7")
                    .containsEntry("remotePort", 4242L)
                    .containsEntry("localAddr", "192.0.2.1")
                    .containsEntry("localPort", 443L)
                    .containsEntry("secure", true)
                    .containsEntry("scheme", "https")
                    .containsEntry("peerAddr", "127.0.0.1");
        }
        assertThat(JsonReader.at(v1, "proxy.version")).isEqualTo(1L);
        assertThat(JsonReader.at(v2, "proxy.version")).isEqualTo(2L);
        assertThat(JsonReader.at(v2, "proxy.tlvs")).isEqualTo(Map.of("authority", "localhost"));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void ipv6ClientAddresses(Container container) throws Exception {
        ProxyHeader header = ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .addresses(new InetSocketAddress("2001:db8::7", 4242), new InetSocketAddress("2001:db8::1", 8443))
                .build();

        Map<String, Object> json = whoami(RawHttpClient.to(httpPort(container))
                .prefix(ProxyHeaderEncoder.encode(header))
                .get(WhoAmI.PATH));

        assertThat(InetAddress.getByName((String) json.get("remoteAddr")))
                .isEqualTo(InetAddress.getByName("2001:db8::7"));
        assertThat(InetAddress.getByName((String) json.get("localAddr")))
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(json).containsEntry("remotePort", 4242L).containsEntry("localPort", 8443L);
        assertThat(JsonReader.at(json, "proxy.family")).isEqualTo("TCP6");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void directClientIsServedWithItsOwnAddressAndNoHeader(Container container) {
        try (RawConnection connection = RawHttpClient.to(httpPort(container))
                .from(SharedDemo.DIRECT_CLIENT)
                .connect()) {
            Map<String, Object> json = whoami(connection.get(WhoAmI.PATH));

            assertThat(json)
                    .containsEntry("container", container.id())
                    .containsEntry("remoteAddr", SharedDemo.DIRECT_CLIENT)
                    .containsEntry(
                            "remotePort", (long) connection.localAddress().getPort())
                    .containsEntry("localAddr", "127.0.0.1")
                    .containsEntry("localPort", (long) httpPort(container))
                    .containsEntry("secure", false)
                    .containsEntry("peerAddr", SharedDemo.DIRECT_CLIENT)
                    .containsEntry("proxy", null);
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void untrustedPeerIsClosedWithoutAResponse(Container container) {
        RawHttpClient.to(httpPort(container))
                .from(SharedDemo.UNTRUSTED_PEER)
                .prefix(V1_HEADER)
                .assertClosedWithoutResponse();
        RawHttpClient.to(httpsPort(container))
                .from(SharedDemo.UNTRUSTED_PEER)
                .prefix(V1_HEADER)
                .tls(DemoTrust.clientContext())
                .assertClosedWithoutResponse();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void trustedPeerWithoutHeaderIsClosedWithoutAResponse(Container container) {
        RawHttpClient.to(httpPort(container)).assertClosedWithoutResponse();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void curlHaproxyProtocol(Container container) {
        Curl.assumeAvailable();

        Curl.Result result = Curl.haproxyProtocol("http://127.0.0.1:" + httpPort(container) + WhoAmI.PATH);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, Object> json = JsonReader.object(result.stdout());
        assertThat(json)
                .containsEntry("container", container.id())
                .containsEntry("remoteAddr", "127.0.0.1")
                .containsEntry("localPort", (long) httpPort(container))
                .containsEntry("peerAddr", "127.0.0.1");
        assertThat(JsonReader.at(json, "proxy.version")).isEqualTo(1L);
        assertThat(JsonReader.at(json, "proxy.family")).isEqualTo("TCP4");
    }

    static Map<String, Object> whoami(RawHttpResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith(WhoAmI.CONTENT_TYPE);
        return JsonReader.object(response.body());
    }

    static int httpPort(Container container) {
        return SharedDemo.server(container).httpPort();
    }

    static int httpsPort(Container container) {
        return SharedDemo.server(container).httpsPort().orElseThrow();
    }
}
