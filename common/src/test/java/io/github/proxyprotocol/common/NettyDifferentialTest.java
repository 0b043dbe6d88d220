package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxySSLTLV;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random valid headers decoded by this decoder and by Netty's HAProxyMessageDecoder agree on every shared field. */
class NettyDifferentialTest {
    static final int HEADERS = 100_000;

    @Test
    void agreesWithNettyOnRandomValidHeaders() throws Exception {
        Random random = new Random(20261122);
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE);
        int compared = 0;
        int nettyRefusedPortZero = 0;
        for (int i = 0; i < HEADERS; i++) {
            ProxyHeader header = RandomHeaders.any(random);
            byte[] wire = ProxyHeaderEncoder.encode(header);
            decoder.reset();
            ProxyHeader ours = decoder.decode(ByteBuffer.wrap(wire));
            HAProxyMessage theirs;
            try {
                theirs = netty(wire);
            } catch (DecoderException e) {
                // Netty refuses port 0 in a v1 line, which the specification allows ([0..65535])
                assertThat(ours.version()).as(ByteBufUtil.hexDump(wire)).isEqualTo(ProtocolVersion.V1);
                assertThat(portZero(ours)).as(ByteBufUtil.hexDump(wire)).isTrue();
                nettyRefusedPortZero++;
                continue;
            }
            try {
                compare(ours, theirs, wire);
            } finally {
                theirs.release();
            }
            compared++;
        }
        assertThat(compared + nettyRefusedPortZero).isEqualTo(HEADERS);
        assertThat(nettyRefusedPortZero).isLessThan(HEADERS / 1000);
    }

    private static boolean portZero(ProxyHeader h) {
        return ((InetSocketAddress) h.source()).getPort() == 0 || ((InetSocketAddress) h.destination()).getPort() == 0;
    }

    static HAProxyMessage netty(byte[] wire) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(wire));
        HAProxyMessage message = channel.readInbound();
        channel.finishAndReleaseAll();
        assertThat(message).as("Netty decoded %s", ByteBufUtil.hexDump(wire)).isNotNull();
        return message;
    }

    static void compare(ProxyHeader ours, HAProxyMessage theirs, byte[] wire) throws Exception {
        String where = ByteBufUtil.hexDump(wire);
        assertThat(theirs.protocolVersion())
                .as(where)
                .isEqualTo(
                        ours.version() == ProtocolVersion.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2);
        assertThat(theirs.command())
                .as(where)
                .isEqualTo(ours.command() == Command.PROXY ? HAProxyCommand.PROXY : HAProxyCommand.LOCAL);
        if (ours.command() == Command.LOCAL) {
            return; // Netty drops a LOCAL header's addresses and TLVs
        }
        assertThat(theirs.proxiedProtocol()).as(where).isEqualTo(protocol(ours));
        if (ours.source() instanceof InetSocketAddress source) {
            InetSocketAddress destination = (InetSocketAddress) ours.destination();
            // Both sides as the address bytes on the wire: a mapped address (::ffff:a.b.c.d) in a TCP6 header is an
            // Inet4Address in our header, and InetAddress.getByName makes one of Netty's text of it too.
            assertThat(bytesOf(InetAddress.getByName(theirs.sourceAddress()), ours.family()))
                    .as(where)
                    .isEqualTo(bytesOf(source.getAddress(), ours.family()));
            assertThat(bytesOf(InetAddress.getByName(theirs.destinationAddress()), ours.family()))
                    .as(where)
                    .isEqualTo(bytesOf(destination.getAddress(), ours.family()));
            assertThat(theirs.sourcePort()).as(where).isEqualTo(source.getPort());
            assertThat(theirs.destinationPort()).as(where).isEqualTo(destination.getPort());
        } else if (ours.source() instanceof UnixDomainSocketAddress source) {
            assertThat(theirs.sourceAddress())
                    .as(where)
                    .isEqualTo(source.getPath().toString());
            assertThat(theirs.destinationAddress())
                    .isEqualTo(((UnixDomainSocketAddress) ours.destination())
                            .getPath()
                            .toString());
        } else {
            assertThat(theirs.sourceAddress()).as(where).isNull();
        }
        List<HAProxyTLV> tlvs = topLevel(theirs.tlvs());
        assertThat(tlvs).as(where).hasSameSizeAs(ours.tlvs());
        for (int t = 0; t < tlvs.size(); t++) {
            HAProxyTLV theirTlv = tlvs.get(t);
            Tlv ourTlv = ours.tlvs().get(t);
            assertThat(theirTlv.typeByteValue() & 0xFF).as(where).isEqualTo(ourTlv.type());
            assertThat(ByteBufUtil.getBytes(theirTlv.content())).as(where).isEqualTo(ourTlv.value());
            if (theirTlv instanceof HAProxySSLTLV ssl) {
                SslTlv ourSsl = SslTlv.parse(ourTlv);
                assertThat(ssl.client() & 0xFF).as(where).isEqualTo(ourSsl.client());
                assertThat(ssl.verify()).as(where).isEqualTo(ourSsl.verify());
                assertThat(ssl.encapsulatedTLVs()).hasSameSizeAs(ourSsl.subTlvs());
            }
        }
    }

    /** Netty lists an SSL TLV's sub-TLVs again right after it, as if they were top-level TLVs: leave those out. */
    private static List<HAProxyTLV> topLevel(List<HAProxyTLV> tlvs) {
        List<HAProxyTLV> top = new ArrayList<>();
        for (int i = 0; i < tlvs.size(); i++) {
            HAProxyTLV tlv = tlvs.get(i);
            top.add(tlv);
            if (tlv instanceof HAProxySSLTLV ssl) {
                i += ssl.encapsulatedTLVs().size();
            }
        }
        return top;
    }

    /** An address's bytes as the header's family writes them: an IPv4 address in a TCP6 header IPv4-mapped. */
    private static byte[] bytesOf(InetAddress address, AddressFamily family) {
        byte[] raw = address.getAddress();
        if (family == AddressFamily.INET6 && raw.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(raw, 0, mapped, 12, 4);
            return mapped;
        }
        return raw;
    }

    private static HAProxyProxiedProtocol protocol(ProxyHeader h) {
        boolean dgram = h.transport() == TransportProtocol.DGRAM;
        return switch (h.family()) {
            case INET -> dgram ? HAProxyProxiedProtocol.UDP4 : HAProxyProxiedProtocol.TCP4;
            case INET6 -> dgram ? HAProxyProxiedProtocol.UDP6 : HAProxyProxiedProtocol.TCP6;
            case UNIX -> dgram ? HAProxyProxiedProtocol.UNIX_DGRAM : HAProxyProxiedProtocol.UNIX_STREAM;
            case UNSPEC -> HAProxyProxiedProtocol.UNKNOWN;
        };
    }
}
