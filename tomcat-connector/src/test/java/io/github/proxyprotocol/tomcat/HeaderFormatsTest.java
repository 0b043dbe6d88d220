package io.github.proxyprotocol.tomcat;

import static io.github.proxyprotocol.testsupport.TestHeaders.ascii;
import static io.github.proxyprotocol.testsupport.TestHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** v1 and v2 headers, with TLVs, delivered whole, apart from the request, or one byte per write. */
class HeaderFormatsTest {
    private static TestTomcat tomcat;

    @BeforeAll
    static void startTomcat() {
        tomcat = TestTomcat.start();
    }

    @AfterAll
    static void stopTomcat() {
        tomcat.close();
    }

    /** How the header and the first request reach the server. */
    enum Delivery {
        HEADER_AND_REQUEST_IN_ONE_WRITE {
            @Override
            void send(RawClient client, byte[] header, byte[] request) {
                client.send(concat(header, request));
            }
        },
        HEADER_THEN_REQUEST {
            @Override
            void send(RawClient client, byte[] header, byte[] request) {
                client.send(header).send(request);
            }
        },
        ONE_BYTE_PER_WRITE {
            @Override
            void send(RawClient client, byte[] header, byte[] request) {
                client.sendByteByByte(header).sendByteByByte(request);
            }
        };

        abstract void send(RawClient client, byte[] header, byte[] request);
    }

    private static Json whoami(byte[] header, Delivery delivery, RawClient client) {
        delivery.send(client, header, ascii(RawClient.get("/whoami")));
        return Whoami.read(client);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void v1Tcp4(Delivery delivery) {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Json json = whoami(TestHeaders.v1(), delivery, client);
            assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(json.getString("remoteHost")).isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(json.getInt("remotePort")).isEqualTo(TestHeaders.CLIENT_PORT);
            assertThat(json.getString("localAddr")).isEqualTo(TestHeaders.DESTINATION_IP);
            assertThat(json.getString("localName")).isEqualTo(TestHeaders.DESTINATION_IP);
            assertThat(json.getInt("localPort")).isEqualTo(TestHeaders.DESTINATION_PORT);
            assertThat(json.getInt("proxy.version")).isEqualTo(1);
            assertThat(json.getString("peer"))
                    .isEqualTo("/127.0.0.1:" + client.localAddress().getPort());
            assertThat(json.getBoolean("secure")).isFalse();
            assertThat(json.getBoolean("connectionSecure")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void v1Tcp6(Delivery delivery) {
        byte[] header = ascii("PROXY TCP6 2001:db8::7 2001:db8::1 4242 8443\r\n");
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Json json = whoami(header, delivery, client);
            assertThat(json.getString("remoteAddr")).isEqualTo("2001:db8:0:0:0:0:0:7");
            assertThat(json.getInt("remotePort")).isEqualTo(4242);
            assertThat(json.getString("localAddr")).isEqualTo("2001:db8:0:0:0:0:0:1");
            assertThat(json.getInt("localPort")).isEqualTo(8443);
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void v1UnknownKeepsTheRealAddresses(Delivery delivery) {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Json json = whoami(ascii("PROXY UNKNOWN\r\n"), delivery, client);
            assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
            assertThat(json.getInt("remotePort"))
                    .isEqualTo(client.localAddress().getPort());
            assertThat(json.getInt("localPort")).isEqualTo(tomcat.port());
            assertThat(json.getInt("proxy.version")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void v2Tcp4WithTlvs(Delivery delivery) {
        byte[] header = TestHeaders.encode(TestHeaders.v2Builder()
                .authority("example.com")
                .alpn("h2")
                .uniqueId(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .ssl(new SslTlv(
                        SslTlv.CLIENT_SSL | SslTlv.CLIENT_CERT_CONN,
                        0,
                        List.of(
                                Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"),
                                Tlv.ofString(TlvType.SSL_CN, "client.example.com"))))
                .tlv(0xE5, new byte[] {42})
                .crc32c());
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Json json = whoami(header, delivery, client);
            assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(json.getInt("remotePort")).isEqualTo(TestHeaders.CLIENT_PORT);
            assertThat(json.getString("localAddr")).isEqualTo(TestHeaders.DESTINATION_IP);
            assertThat(json.getInt("proxy.version")).isEqualTo(2);
            assertThat(json.getString("proxy.family")).isEqualTo("INET");
            assertThat(json.getString("proxy.authority")).isEqualTo("example.com");
            assertThat(json.getString("proxy.alpn")).isEqualTo("h2");
            assertThat(json.getInt("proxy.uniqueIdLength")).isEqualTo(8);
            assertThat(json.getInt("proxy.ssl.client")).isEqualTo(3);
            assertThat(json.getBoolean("proxy.ssl.verified")).isTrue();
            assertThat(json.getString("proxy.ssl.version")).isEqualTo("TLSv1.3");
            assertThat(json.getString("proxy.ssl.cn")).isEqualTo("client.example.com");
            // The SSL TLV says the client used TLS to the balancer: the request is secure.
            assertThat(json.getBoolean("secure")).isTrue();
            assertThat(json.getString("scheme")).isEqualTo("https");
            assertThat(json.getBoolean("connectionSecure")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void v2Tcp6(Delivery delivery) {
        byte[] header = TestHeaders.encode(ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.PROXY)
                .addresses(TestHeaders.address("2001:db8::7", 4242), TestHeaders.address("2001:db8::1", 8443)));
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Json json = whoami(header, delivery, client);
            assertThat(json.getString("remoteAddr")).isEqualTo("2001:db8:0:0:0:0:0:7");
            assertThat(json.getString("localAddr")).isEqualTo("2001:db8:0:0:0:0:0:1");
            assertThat(json.getString("proxy.family")).isEqualTo("INET6");
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void v2LocalKeepsTheRealAddresses(Delivery delivery) {
        // HAProxy's health checks: LOCAL, with addresses and TLVs that must be skipped.
        byte[] header = TestHeaders.encode(ProxyHeader.builder()
                .version(ProtocolVersion.V2)
                .command(Command.LOCAL)
                .addresses(TestHeaders.client(), TestHeaders.destination())
                .authority("health.example.com"));
        try (RawClient client = RawClient.connect(tomcat.port())) {
            Json json = whoami(header, delivery, client);
            assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
            assertThat(json.getInt("remotePort"))
                    .isEqualTo(client.localAddress().getPort());
            assertThat(json.getString("proxy.command")).isEqualTo("LOCAL");
            assertThat(json.getBoolean("secure")).isFalse();
        }
    }

    @Test
    void keepAliveRequestsAllSeeTheHeader() {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            client.send(TestHeaders.v2());
            for (int i = 0; i < 25; i++) {
                Json json = Whoami.ask(client);
                assertThat(json.getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
                assertThat(json.getInt("remotePort")).isEqualTo(TestHeaders.CLIENT_PORT);
            }
        }
    }

    @Test
    void pipelinedRequestsInTheHeadersWrite() {
        String request = RawClient.get("/whoami");
        try (RawClient client = RawClient.connect(tomcat.port())) {
            client.send(concat(TestHeaders.v1(), ascii(request + request + request)));
            for (int i = 0; i < 3; i++) {
                assertThat(Whoami.read(client).getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            }
        }
    }

    @Test
    void requestWithBodyRightAfterTheHeader() {
        String body = "x".repeat(20_000);
        String request = "POST /whoami HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
        try (RawClient client = RawClient.connect(tomcat.port())) {
            client.send(concat(TestHeaders.v2(), ascii(request)));
            assertThat(Whoami.read(client).getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(Whoami.ask(client).getString("remoteAddr")).isEqualTo(TestHeaders.CLIENT_IP);
        }
    }

    @Test
    void accessLogShowsTheClient() {
        try (RawClient client = RawClient.connect(tomcat.port())) {
            client.send(TestHeaders.v1());
            client.send(RawClient.get("/whoami?accessLog"));
            Whoami.read(client);
        }
        String line = tomcat.awaitAccessLog(l -> l.contains("/whoami?accessLog"));
        assertThat(line)
                .startsWith(
                        TestHeaders.CLIENT_IP + " " + TestHeaders.CLIENT_IP + " " + TestHeaders.CLIENT_PORT + " 200 ");
    }

    @Test
    void eachConnectionHasItsOwnHeader() {
        // Channels are pooled: nothing of one connection's header may show on the next one.
        for (int i = 1; i <= 20; i++) {
            InetSocketAddress source = TestHeaders.address("198.51.100." + i, 1000 + i);
            byte[] header = i % 2 == 0
                    ? TestHeaders.encode(ProxyHeader.builder()
                            .version(ProtocolVersion.V2)
                            .command(Command.PROXY)
                            .addresses(source, TestHeaders.destination()))
                    : ascii("PROXY UNKNOWN\r\n");
            try (RawClient client = RawClient.connect(tomcat.port())) {
                Json json = Whoami.ask(client.send(header));
                if (i % 2 == 0) {
                    assertThat(json.getString("remoteAddr")).isEqualTo("198.51.100." + i);
                    assertThat(json.getInt("remotePort")).isEqualTo(1000 + i);
                } else {
                    assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
                    assertThat(json.getInt("remotePort"))
                            .isEqualTo(client.localAddress().getPort());
                }
            }
        }
    }
}
