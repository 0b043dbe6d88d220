package io.github.proxyprotocol.benchmarks;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderDecoder;
import io.github.proxyprotocol.common.ProxyProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one whole header that arrived in one read: this project's decoder (reused per connection as the
 * integrations do, and new per connection) against Netty's {@link HAProxyMessageDecoder} (new per connection, as Netty
 * uses it), both fed a heap buffer. Run with {@code -prof gc} for bytes allocated per header.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecoderBenchmark {
    @Param
    public Sample sample;

    private ByteBuffer buffer;
    private ProxyHeaderDecoder decoder;
    private ByteBuf nettyBuffer;
    private EmbeddedChannel channel;
    private ChannelHandlerContext context;
    private final List<Object> out = new ArrayList<>(1);

    @Setup
    public void setUp() {
        byte[] wire = sample.bytes();
        buffer = ByteBuffer.wrap(wire);
        decoder = new ProxyHeaderDecoder(4096);
        nettyBuffer = Unpooled.wrappedBuffer(wire);
        ChannelInboundHandlerAdapter anchor = new ChannelInboundHandlerAdapter();
        channel = new EmbeddedChannel(anchor);
        context = channel.pipeline().context(anchor);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public ProxyHeader thisDecoderReused() throws ProxyProtocolException {
        decoder.reset();
        buffer.position(0);
        return decoder.decode(buffer);
    }

    @Benchmark
    public ProxyHeader thisDecoderNewPerConnection() throws ProxyProtocolException {
        buffer.position(0);
        return new ProxyHeaderDecoder(4096).decode(buffer);
    }

    @Benchmark
    public void netty(Blackhole blackhole) throws Exception {
        nettyBuffer.readerIndex(0);
        out.clear();
        new NettyDecoder().decodeHeader(context, nettyBuffer, out);
        HAProxyMessage message = (HAProxyMessage) out.get(0);
        blackhole.consume(message.sourceAddress());
        blackhole.consume(message.sourcePort());
        blackhole.consume(message.tlvs());
        message.release();
    }

    /** Reaches the decoder's protected {@code decode} so no channel pipeline is in the measurement. */
    static final class NettyDecoder extends HAProxyMessageDecoder {
        void decodeHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            decode(ctx, in, out);
        }
    }
}
