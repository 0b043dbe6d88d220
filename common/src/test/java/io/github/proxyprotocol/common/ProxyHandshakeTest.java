package io.github.proxyprotocol.common;

import static io.github.proxyprotocol.common.Decoding.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyHandshakeTest {
    final List<String> log = new ArrayList<>();
    final ProxyProtocolGate gate = new ProxyProtocolGate(
            "test-listener",
            ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                    .trustedProxies("10.0.0.0/8")
                    .directClients("10.9.0.0/16, 192.168.0.0/16")
                    .build(),
            log::add);

    static InetSocketAddress peer(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @ParameterizedTest
    @CsvSource({"10.1.1.1, REQUIRED", "10.9.1.1, OPTIONAL", "192.168.3.4, DIRECT", "172.16.0.1, REJECTED"})
    void thePeerAddressDecidesTheMode(String ip, PeerMode mode) throws Exception {
        assertThat(gate.newHandshake().begin(peer(ip))).isEqualTo(mode);
        assertThat(PeerMode.of(true, false)).isEqualTo(PeerMode.REQUIRED);
        assertThat(PeerMode.of(true, true)).isEqualTo(PeerMode.OPTIONAL);
        assertThat(PeerMode.of(false, true)).isEqualTo(PeerMode.DIRECT);
        assertThat(PeerMode.of(false, false)).isEqualTo(PeerMode.REJECTED);
    }

    @Test
    void aRejectedPeerIsLoggedAndCountedAtBegin() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("172.16.0.1"));
        assertThat(hs.state()).isEqualTo(ProxyHandshake.State.FAILED);
        assertThat(gate.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
        assertThat(log)
                .singleElement()
                .asString()
                .contains("172.16.0.1")
                .contains("test-listener")
                .contains("untrusted_peer");
    }

    @Test
    void requiredPeerWithAHeaderReportsTheHeadersAddresses() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("10.1.1.1"));
        ByteBuffer in = ByteBuffer.wrap(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\nGET /"));
        assertThat(hs.offer(in)).isTrue();
        assertThat(in.remaining()).isEqualTo(5);
        ProxiedConnection c = hs.connection(peer("127.0.0.1"));
        assertThat(c.remoteAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4242));
        assertThat(c.localAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 443));
        assertThat(c.peer()).isEqualTo(peer("10.1.1.1"));
        assertThat(c.secure()).isFalse();
        assertThat(gate.metrics().getAcceptedV1Headers()).isEqualTo(1);
    }

    @Test
    void requiredPeerWithoutAHeaderFails() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("10.1.1.1"));
        assertThatThrownBy(() -> hs.offer(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n"))))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PROXY_PROTOCOL));
        assertThat(gate.metrics().rejections(Reason.NOT_PROXY_PROTOCOL)).isEqualTo(1);
        assertThat(log).singleElement().asString().contains("10.1.1.1").contains("not_proxy_protocol");
    }

    @Test
    void optionalPeerMaySendAHeaderOrNot() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("10.9.1.1"));
        ByteBuffer plain = ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n"));
        assertThat(hs.offer(plain)).isTrue();
        assertThat(plain.position()).isZero();
        assertThat(hs.header()).isNull();
        assertThat(hs.connection(peer("127.0.0.1")).remoteAddress()).isEqualTo(peer("10.9.1.1"));
        assertThat(gate.metrics().getDirectConnections()).isEqualTo(1);

        hs.begin(peer("10.9.1.1"));
        ByteBuffer in = ByteBuffer.allocate(64);
        in.flip();
        byte[] header = ascii("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n");
        boolean done = false;
        for (int i = 0; i < header.length && !done; i++) {
            in.limit(i + 1);
            in.put(i, header[i]);
            done = hs.offer(in);
        }
        assertThat(done).isTrue();
        assertThat(hs.header()).isNotNull();
    }

    @Test
    void directPeerIsServedAsItselfAndMayNotSendAHeader() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("192.168.3.4"));
        assertThat(hs.offer(ByteBuffer.wrap(ascii("G")))).isTrue();
        hs.begin(peer("192.168.3.4"));
        assertThat(hs.offer(ByteBuffer.wrap(ascii("PROX")))).isFalse();
        assertThatThrownBy(() -> hs.offer(ByteBuffer.wrap(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"))))
                .isInstanceOfSatisfying(
                        ProxyProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_HEADER));
        assertThat(gate.metrics().rejections(Reason.UNEXPECTED_HEADER)).isEqualTo(1);
    }

    @Test
    void timeoutAndEarlyCloseAreCountedOnce() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("10.1.1.1"));
        assertThat(hs.timedOut().reason()).isEqualTo(Reason.TIMEOUT);
        hs.closedEarly();
        assertThat(gate.metrics().getTimeouts()).isEqualTo(1);
        assertThat(gate.metrics().rejections(Reason.CONNECTION_CLOSED)).isZero();
        assertThat(gate.metrics().getRejectedConnections()).isEqualTo(1);
    }

    @Test
    void beginForgetsEverythingOfThePreviousConnection() throws Exception {
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("10.1.1.1"));
        hs.offer(ByteBuffer.wrap(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n")));
        hs.begin(peer("10.1.1.2"));
        assertThat(hs.header()).isNull();
        assertThat(hs.state()).isEqualTo(ProxyHandshake.State.READING);
        ByteBuffer half = ByteBuffer.wrap(ascii("PROXY TCP6 ::1"));
        assertThat(hs.offer(half)).isFalse();
        hs.begin(peer("10.1.1.3"));
        assertThat(hs.offer(ByteBuffer.wrap(ascii("PROXY UNKNOWN\r\n")))).isTrue();
        assertThat(hs.connection(peer("127.0.0.1")).remoteAddress()).isEqualTo(peer("10.1.1.3"));
    }

    @Test
    void anSslTlvMarksTheConnectionSecureUnlessDisabled() throws Exception {
        byte[] wire = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                .addresses(peer("203.0.113.7"), peer("192.0.2.1"))
                .ssl(new SslTlv(SslTlv.CLIENT_SSL, 0, List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"))))
                .build());
        ProxyHandshake hs = gate.newHandshake();
        hs.begin(peer("10.1.1.1"));
        hs.offer(ByteBuffer.wrap(wire));
        assertThat(hs.connection(peer("127.0.0.1")).secure()).isTrue();

        ProxyProtocolGate notSecure = new ProxyProtocolGate(
                "x",
                ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                        .trustedProxies("10.0.0.0/8")
                        .sslTlvSecure(false)
                        .build(),
                log::add);
        ProxyHandshake other = notSecure.newHandshake();
        other.begin(peer("10.1.1.1"));
        other.offer(ByteBuffer.wrap(wire));
        assertThat(other.connection(peer("127.0.0.1")).secure()).isFalse();
    }

    @Test
    void trustingEveryPeerWarnsAtStartUp() {
        List<String> lines = new ArrayList<>();
        new ProxyProtocolGate(
                "http-8080",
                ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                        .trustedProxies("*")
                        .build(),
                lines::add);
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("trusts every peer")
                .contains("http-8080");
    }

    @Test
    void aFloodOfBadConnectionsLogsOnlyAFewLines() throws Exception {
        AtomicLong clock = new AtomicLong();
        List<String> lines = new ArrayList<>();
        ProxyProtocolGate limited = new ProxyProtocolGate(
                "flooded",
                ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                        .trustedProxies("10.0.0.0/8")
                        .build(),
                lines::add,
                new RateLimitedLog(lines::add, 10, 60_000_000_000L, clock::get));
        ProxyHandshake hs = limited.newHandshake();
        for (int i = 0; i < 10_000; i++) {
            hs.begin(peer("172.16.0.1"));
        }
        assertThat(lines).hasSize(10);
        assertThat(limited.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(10_000);
        clock.addAndGet(60_000_000_000L);
        hs.begin(peer("172.16.0.1"));
        assertThat(lines).hasSize(11);
        assertThat(lines.get(10)).endsWith("(9990 similar lines suppressed)");
    }
}
