package io.github.proxyprotocol.netty;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.HeaderPhase.Progress;
import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The header phase of one connection, in Netty's terms: the first handler of the channel's pipeline, ahead of TLS and
 * HTTP, one per channel. It holds the channel's activation back from the handlers after it until the header (or a
 * direct client's first bytes) has been seen, reads on the channel's event loop without ever waiting, and keeps the
 * phase's deadline with a task on the same loop. Once the header is there it sets the channel's {@link
 * ProxyProtocolNetty#CONNECTION} attribute, removes itself, and hands the bytes after the header on untouched; on a bad
 * header, a refused peer or the deadline it closes the channel, and the handlers after it never see the connection.
 *
 * <p>While it waits it turns on {@link ChannelOption#ALLOW_HALF_CLOSURE}, so that a peer's end of stream (a balancer's
 * TCP health check) can be told from a connection ended from outside; it restores the setting when it is done.
 */
public final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {
    /** The handler's name in the pipeline. */
    public static final String NAME = "proxyProtocol.header";

    /** Told once when a handler's header phase is over: with the connection's view if it goes on, else {@code null}. */
    @FunctionalInterface
    interface Ending {
        void ended(ProxyProtocolHandler handler, Channel channel, ProxiedConnection connection);
    }

    private final HeaderPhase phase;
    private final Ending onEnd;
    private boolean ended;
    private volatile ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private boolean activated;
    private Boolean halfClosure;

    /** A handler for one new channel of the listener whose gate is {@code gate}. */
    public ProxyProtocolHandler(ProxyProtocolGate gate) {
        this(gate, (handler, channel, connection) -> {});
    }

    ProxyProtocolHandler(ProxyProtocolGate gate, Ending onEnd) {
        this.phase = gate.newHeaderPhase();
        this.onEnd = onEnd;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (phase.begin(ctx.channel().remoteAddress()) == PeerMode.REJECTED) {
            end(null);
            ctx.close();
            return;
        }
        halfClosure = ctx.channel().config().getOption(ChannelOption.ALLOW_HALF_CLOSURE);
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        deadline = ctx.executor().schedule(this::deadlinePassed, phase.remainingMillis(), TimeUnit.MILLISECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!phase.isWaiting() || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Progress progress;
        try {
            progress = phase.read(into -> copy(in, into));
        } catch (RuntimeException e) {
            in.release();
            throw e;
        }
        switch (progress) {
            case NEED_MORE -> in.release();
            case DONE -> handOver(ctx, in);
            case FAILED -> {
                in.release();
                close();
            }
        }
    }

    /** Copies what fits of {@code in} into {@code into}: the phase's non-blocking read of this channel. */
    private static int copy(ByteBuf in, ByteBuffer into) {
        int count = Math.min(in.readableBytes(), into.remaining());
        if (count == 0) {
            return 0;
        }
        int limit = into.limit();
        into.limit(into.position() + count);
        in.readBytes(into);
        into.limit(limit);
        return count;
    }

    private void handOver(ChannelHandlerContext ctx, ByteBuf in) {
        ProxiedConnection connection = phase.connection(ctx.channel().localAddress());
        ctx.channel().attr(ProxyProtocolNetty.CONNECTION).set(connection);
        end(connection);
        ByteBuffer leftover = phase.leftover();
        ctx.pipeline().remove(this);
        activated = true;
        ctx.fireChannelActive();
        boolean handedOn = false;
        if (leftover != null) {
            ctx.fireChannelRead(Unpooled.wrappedBuffer(leftover));
            handedOn = true;
        }
        if (in.isReadable()) {
            ctx.fireChannelRead(in);
            handedOn = true;
        } else {
            in.release();
        }
        if (!handedOn && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (phase.isWaiting() && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && phase.isWaiting()) {
            phase.read(into -> -1);
            close();
            return;
        }
        if (activated) {
            ctx.fireUserEventTriggered(event);
        } else {
            ReferenceCountUtil.release(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!phase.isWaiting()) {
            if (activated) {
                ctx.fireExceptionCaught(cause);
            }
            return;
        }
        if (cause instanceof IOException io) {
            phase.read(into -> {
                throw io;
            });
        } else {
            phase.connectionFailed(cause);
        }
        close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase.isWaiting()) {
            if (ctx.executor().isShuttingDown()) {
                phase.abandon();
            } else {
                phase.connectionFailed(null);
            }
            end(null);
        }
        if (activated) {
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (phase.isWaiting()) {
            phase.abandon();
        }
        end(null);
    }

    /** The deadline: runs on the channel's event loop. */
    private void deadlinePassed() {
        if (phase.isWaiting()) {
            phase.timedOut();
            close();
        }
    }

    /**
     * The server stops: a connection still waiting for its header is closed without being logged or counted. Safe from
     * any thread.
     */
    void abandon() {
        ChannelHandlerContext context = ctx;
        if (context == null) {
            return;
        }
        try {
            context.executor().execute(() -> {
                if (phase.isWaiting()) {
                    phase.abandon();
                    close();
                }
            });
        } catch (RejectedExecutionException e) {
            // the event loop is stopping and closes its channels itself
        }
    }

    private void close() {
        end(null);
        ctx.close();
    }

    private void end(ProxiedConnection connection) {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (halfClosure != null) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure);
            halfClosure = null;
        }
        if (!ended) {
            ended = true;
            onEnd.ended(this, ctx.channel(), connection);
        }
    }
}
