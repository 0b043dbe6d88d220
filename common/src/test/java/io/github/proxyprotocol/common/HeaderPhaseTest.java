package io.github.proxyprotocol.common;

import static io.github.proxyprotocol.common.Decoding.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.HeaderPhase.ByteSource;
import io.github.proxyprotocol.common.HeaderPhase.Progress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderPhaseTest {
    static final String V1 = "PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n";

    final List<String> warnings = new ArrayList<>();
    final List<String> debugLines = new ArrayList<>();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final ProxyProtocolGate gate = gate(ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
            .trustedProxies("10.0.0.0/8")
            .directClients("10.9.0.0/16, 192.168.0.0/16")
            .headerTimeoutMillis(1000));

    ProxyProtocolGate gate(ProxyProtocolConfig.Builder config) {
        LogSink sink = LogSink.of(warnings::add, debugLines::add, () -> true);
        return new ProxyProtocolGate("test-listener", config.build(), sink, new RateLimitedLog(sink::warn), clock::get);
    }

    static InetSocketAddress peer(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    /** Stands for the end of the stream in {@link #chunks}. */
    static final Object END = new Object();

    /** A connection whose reads return these chunks, then 0 (nothing there yet); {@link #END}: -1. */
    static ByteSource chunks(Object... chunks) {
        Deque<Object> left = new ArrayDeque<>(Arrays.asList(chunks));
        return into -> {
            if (left.isEmpty()) {
                return 0;
            }
            Object next = left.peek();
            if (next == END) {
                return -1;
            }
            if (next instanceof IOException e) {
                throw e;
            }
            byte[] bytes = next instanceof String s ? ascii(s) : (byte[]) next;
            int n = Math.min(bytes.length, into.remaining());
            into.put(bytes, 0, n);
            left.pop();
            if (n < bytes.length) {
                left.push(Arrays.copyOfRange(bytes, n, bytes.length));
            }
            return n;
        };
    }

    @ParameterizedTest
    @CsvSource({"10.1.1.1, REQUIRED", "10.9.1.1, OPTIONAL", "192.168.3.4, DIRECT", "172.16.0.1, REJECTED"})
    void thePeerAddressDecidesTheMode(String ip, PeerMode mode) throws Exception {
        assertThat(gate.newHeaderPhase().begin(peer(ip))).isEqualTo(mode);
        assertThat(PeerMode.of(true, false)).isEqualTo(PeerMode.REQUIRED);
        assertThat(PeerMode.of(true, true)).isEqualTo(PeerMode.OPTIONAL);
        assertThat(PeerMode.of(false, true)).isEqualTo(PeerMode.DIRECT);
        assertThat(PeerMode.of(false, false)).isEqualTo(PeerMode.REJECTED);
    }

    @Test
    void aRejectedPeerIsLoggedAndCountedAtBegin() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("172.16.0.1"));
        assertThat(phase.progress()).isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("172.16.0.1")
                .contains("test-listener")
                .contains("untrusted_peer");
    }

    @Test
    void aRequiredPeersHeaderGivesTheConnectionItsAddressesAndLeavesTheRest() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks(V1 + "GET /"))).isEqualTo(Progress.DONE);
        assertThat(phase.leftover()).isEqualTo(ByteBuffer.wrap(ascii("GET /")));
        ProxiedConnection c = phase.connection(peer("127.0.0.1"));
        assertThat(c.remoteAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4242));
        assertThat(c.localAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 443));
        assertThat(c.peer()).isEqualTo(peer("10.1.1.1"));
        assertThat(c.replacesAddresses()).isTrue();
        assertThat(c.secure()).isFalse();
        Map<String, Object> attributes = new HashMap<>();
        c.setAttributes(attributes::put);
        assertThat(attributes)
                .containsEntry(ProxyHeader.PEER_ATTRIBUTE, peer("10.1.1.1"))
                .containsEntry(ProxyHeader.ATTRIBUTE, c.header());
        assertThat(gate.metrics().getAcceptedV1Headers()).isEqualTo(1);
        assertThat(warnings).isEmpty();
    }

    @Test
    void everySplitOfTheHeaderReadsTheSame() throws Exception {
        byte[] wire = ascii(V1 + "GET / HTTP/1.1\r\n");
        for (int split = 1; split < wire.length; split++) {
            HeaderPhase phase = gate.newHeaderPhase();
            phase.begin(peer("10.1.1.1"));
            byte[] first = Arrays.copyOfRange(wire, 0, split);
            byte[] second = Arrays.copyOfRange(wire, split, wire.length);
            Progress afterFirst = phase.read(chunks(first));
            if (split < V1.length()) {
                assertThat(afterFirst).as("split at %d", split).isEqualTo(Progress.NEED_MORE);
                assertThat(phase.read(chunks(second))).isEqualTo(Progress.DONE);
            } else {
                assertThat(afterFirst).isEqualTo(Progress.DONE);
            }
            ByteBuffer rest = phase.leftover();
            String restText =
                    rest == null ? "" : StandardCharsets.US_ASCII.decode(rest).toString();
            int readUpTo = split < V1.length() ? wire.length : split;
            assertThat(restText)
                    .as("split at %d", split)
                    .isEqualTo(new String(wire, V1.length(), readUpTo - V1.length(), StandardCharsets.US_ASCII));
            assertThat(phase.connection(peer("127.0.0.1")).remoteAddress())
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4242));
        }
    }

    @Test
    void readingIntoTheContainersBufferCutsTheHeaderOut() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        ByteBuffer containers = ByteBuffer.allocate(4096);
        assertThat(phase.read(chunks("PROXY TCP4 203.0.113.7 "), containers)).isEqualTo(Progress.NEED_MORE);
        assertThat(phase.read(chunks("192.0.2.1 4242 443\r\nGET / HTTP/1.1\r\n"), containers))
                .isEqualTo(Progress.DONE);
        assertThat(new String(containers.array(), 0, containers.position(), StandardCharsets.US_ASCII))
                .isEqualTo("GET / HTTP/1.1\r\n");
    }

    @Test
    void aRequiredPeerWithoutAHeaderFails() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks("GET / HTTP/1.1\r\n"))).isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().rejections(Reason.NOT_PROXY_PROTOCOL)).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("10.1.1.1").contains("not_proxy_protocol");
        assertThat(phase.read(chunks(V1))).as("over is over").isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().getRejectedConnections()).isEqualTo(1);
    }

    @Test
    void anOptionalPeerMaySendAHeaderOrNot() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.9.1.1"));
        assertThat(phase.read(chunks("GET / HTTP/1.1\r\n"))).isEqualTo(Progress.DONE);
        assertThat(phase.leftover()).isEqualTo(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n")));
        ProxiedConnection direct = phase.connection(peer("127.0.0.1"));
        assertThat(direct.header()).isNull();
        assertThat(direct.replacesAddresses()).isFalse();
        assertThat(direct.remoteAddress()).isEqualTo(peer("10.9.1.1"));
        assertThat(gate.metrics().getDirectConnections()).isEqualTo(1);

        phase.begin(peer("10.9.1.1"));
        Object[] bytes = V1.chars().mapToObj(c -> new byte[] {(byte) c}).toArray();
        assertThat(phase.read(chunks(bytes))).isEqualTo(Progress.DONE);
        assertThat(phase.connection(peer("127.0.0.1")).header()).isNotNull();
    }

    @Test
    void aDirectPeerIsServedAsItselfAndMayNotSendAHeader() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("192.168.3.4"));
        assertThat(phase.read(chunks("G"))).isEqualTo(Progress.DONE);
        phase.begin(peer("192.168.3.4"));
        assertThat(phase.read(chunks("PROX"))).isEqualTo(Progress.NEED_MORE);
        assertThat(phase.read(chunks("Y TCP4 1.2.3.4 5.6.7.8 1 2\r\n"))).isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().rejections(Reason.UNEXPECTED_HEADER)).isEqualTo(1);
    }

    @Test
    void theDeadlineIsFixedAtBeginAndBytesThatTrickleInNeverExtendIt() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.remainingMillis()).isEqualTo(1000);
        for (int i = 0; i < 9; i++) {
            assertThat(phase.read(chunks(V1.substring(i, i + 1)))).isEqualTo(Progress.NEED_MORE);
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertThat(phase.remainingMillis()).isEqualTo(100);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(phase.read(chunks(V1.substring(9)))).isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().getTimeouts()).isEqualTo(1);
        assertThat(warnings).singleElement().asString().contains("timeout");
    }

    @Test
    void theContainersTimerEndsASilentPhaseOnce() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.timedOut()).isEqualTo(Progress.FAILED);
        phase.connectionFailed(new IOException("reset"));
        assertThat(gate.metrics().getTimeouts()).isEqualTo(1);
        assertThat(gate.metrics().getRejectedConnections()).isEqualTo(1);
    }

    @Test
    void aPeerThatClosesWithoutAByteIsAHealthCheckLoggedAtDebug() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks(END))).isEqualTo(Progress.FAILED);
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks(new IOException("Connection reset by peer"))))
                .isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().rejections(Reason.CLOSED_WITHOUT_DATA)).isEqualTo(2);
        assertThat(warnings).isEmpty();
        assertThat(debugLines).hasSize(2).allMatch(line -> line.contains("closed_without_data"));
    }

    @Test
    void aPeerThatClosesOrFailsMidHeaderIsWarnedAbout() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks("PROXY TCP4", END))).isEqualTo(Progress.FAILED);
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks("PROXY TCP4", new IOException("Connection reset by peer"))))
                .isEqualTo(Progress.FAILED);
        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks("PROXY"))).isEqualTo(Progress.NEED_MORE);
        assertThat(phase.connectionFailed(new IOException("idle"))).isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().rejections(Reason.CONNECTION_CLOSED)).isEqualTo(3);
        assertThat(warnings).hasSize(3).allMatch(line -> line.contains("connection_closed"));
        assertThat(warnings.get(0)).contains("after 10 bytes");
        assertThat(warnings.get(1)).contains("Connection reset by peer");
    }

    @Test
    void aServerThatStopsAbandonsThePhaseWithoutCountingIt() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        phase.abandon();
        assertThat(phase.timedOut()).isEqualTo(Progress.FAILED);
        assertThat(gate.metrics().getRejectedConnections()).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aHeaderLargerThanTheMaximumFails() throws Exception {
        ProxyProtocolGate small = gate(ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                .trustedProxies("10.0.0.0/8")
                .maxHeaderSize(300));
        HeaderPhase phase = small.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        byte[] start = ascii("\r\n\r\n\0\r\nQUIT\n\u0021\u0011");
        byte[] length = {0x01, 0x20}; // 288 more bytes: 304 in all
        assertThat(phase.read(chunks(start, length, new byte[250]))).isEqualTo(Progress.FAILED);
        assertThat(small.metrics().rejections(Reason.HEADER_TOO_LARGE))
                .as("refused from its length")
                .isEqualTo(1);

        phase.begin(peer("10.1.1.1"));
        assertThat(phase.read(chunks("PROXY TCP4 "), ByteBuffer.allocate(11))).isEqualTo(Progress.FAILED);
        assertThat(small.metrics().rejections(Reason.HEADER_TOO_LARGE))
                .as("no room left")
                .isEqualTo(2);
    }

    @Test
    void beginForgetsEverythingOfThePreviousConnection() throws Exception {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        phase.read(chunks(V1 + "GET"));
        phase.begin(peer("10.1.1.2"));
        assertThat(phase.progress()).isEqualTo(Progress.NEED_MORE);
        assertThat(phase.leftover()).isNull();
        assertThat(phase.read(chunks("PROXY TCP6 ::1"))).isEqualTo(Progress.NEED_MORE);
        phase.begin(peer("10.1.1.3"));
        assertThat(phase.read(chunks("PROXY UNKNOWN\r\n"))).isEqualTo(Progress.DONE);
        assertThat(phase.connection(peer("127.0.0.1")).remoteAddress()).isEqualTo(peer("10.1.1.3"));
        assertThat(phase.connection(peer("127.0.0.1")).replacesAddresses()).isFalse();
    }

    @Test
    void anSslTlvMarksTheConnectionSecureUnlessDisabled() throws Exception {
        byte[] wire = ProxyHeaderEncoder.encode(ProxyHeader.builder()
                .addresses(peer("203.0.113.7"), peer("192.0.2.1"))
                .ssl(new SslTlv(SslTlv.CLIENT_SSL, 0, List.of(Tlv.ofString(TlvType.SSL_VERSION, "TLSv1.3"))))
                .build());
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(peer("10.1.1.1"));
        phase.read(chunks(wire));
        assertThat(phase.connection(peer("127.0.0.1")).secure()).isTrue();

        ProxyProtocolGate notSecure = gate(ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                .trustedProxies("10.0.0.0/8")
                .sslTlvSecure(false));
        HeaderPhase other = notSecure.newHeaderPhase();
        other.begin(peer("10.1.1.1"));
        other.read(chunks(wire));
        assertThat(other.connection(peer("127.0.0.1")).secure()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "0.0.0.0/0", "::/0", "10.0.0.0/8, ::/0", "0.0.0.0/1 128.0.0.0/1"})
    void trustingEveryPeerWarnsAtStartUp(String trusted) {
        List<String> lines = new ArrayList<>();
        new ProxyProtocolGate(
                "http-8080",
                ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                        .trustedProxies(trusted)
                        .build(),
                LogSink.warningsTo(lines::add));
        assertThat(lines)
                .singleElement()
                .asString()
                .contains("trusts every peer")
                .contains("http-8080");
    }

    @Test
    void trustingSomePeersDoesNotWarn() {
        List<String> lines = new ArrayList<>();
        new ProxyProtocolGate(
                "http-8080",
                ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                        .trustedProxies("0.0.0.0/1, ::/1")
                        .build(),
                LogSink.warningsTo(lines::add));
        assertThat(lines).isEmpty();
    }

    @Test
    void aFloodOfBadConnectionsLogsOnlyAFewLines() throws Exception {
        List<String> lines = new ArrayList<>();
        ProxyProtocolGate limited = new ProxyProtocolGate(
                "flooded",
                ProxyProtocolConfig.builder(SettingStyle.TOMCAT)
                        .trustedProxies("10.0.0.0/8")
                        .build(),
                LogSink.warningsTo(lines::add),
                new RateLimitedLog(lines::add, 10, 60_000_000_000L, clock::get),
                clock::get);
        HeaderPhase phase = limited.newHeaderPhase();
        for (int i = 0; i < 10_000; i++) {
            phase.begin(peer("172.16.0.1"));
        }
        assertThat(lines).hasSize(10);
        assertThat(limited.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(10_000);
        clock.addAndGet(60_000_000_000L);
        phase.begin(peer("172.16.0.1"));
        assertThat(lines).hasSize(11);
        assertThat(lines.get(10)).endsWith("(9990 similar lines suppressed)");
    }
}
