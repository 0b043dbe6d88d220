package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * The header phase of one accepted connection, in XNIO's terms: a read listener on the connection's I/O thread that
 * never waits, and a timer on the same thread for the phase's deadline. On completion it hands a {@link
 * ProxiedStreamConnection} on, with the bytes read past the header pushed back. All state is the phase's and dies with
 * the connection.
 */
final class HeaderReader implements ChannelListener<StreamSourceChannel>, Runnable {
    private final StreamConnection connection;
    private final HeaderPhase phase;
    private final Consumer<StreamConnection> next;
    private XnioExecutor.Key deadline;

    private HeaderReader(StreamConnection connection, HeaderPhase phase, Consumer<StreamConnection> next) {
        this.connection = connection;
        this.phase = phase;
        this.next = next;
    }

    /**
     * Starts the phase for a connection just accepted, on its I/O thread: a peer the trust table rejects is closed
     * before anything is read; otherwise {@code next} gets the connection once its header (or a direct client's first
     * bytes) has been seen.
     */
    static void start(StreamConnection connection, ProxyProtocolGate gate, Consumer<StreamConnection> next) {
        HeaderPhase phase = gate.newHeaderPhase();
        if (phase.begin(connection.getPeerAddress()) == PeerMode.REJECTED) {
            IoUtils.safeClose(connection);
            return;
        }
        HeaderReader reader = new HeaderReader(connection, phase, next);
        reader.deadline = connection.getIoThread().executeAfter(reader, phase.remainingMillis(), TimeUnit.MILLISECONDS);
        StreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(reader);
        reader.handleEvent(source);
    }

    /** Reads what is there; called again by XNIO whenever more arrives. */
    @Override
    public void handleEvent(StreamSourceChannel source) {
        switch (phase.read(source::read)) {
            case NEED_MORE -> source.resumeReads();
            case DONE -> handOver(source);
            case FAILED -> close();
        }
    }

    private void handOver(StreamSourceChannel source) {
        deadline.remove();
        source.suspendReads();
        source.getReadSetter().set(null);
        next.accept(new ProxiedStreamConnection(
                connection, phase.connection(connection.getLocalAddress()), phase.leftover()));
    }

    /** The deadline: fires on the connection's I/O thread. */
    @Override
    public void run() {
        if (phase.isWaiting()) {
            phase.timedOut();
            close();
        }
    }

    private void close() {
        deadline.remove();
        IoUtils.safeClose(connection);
    }
}
