package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxyHandshake;
import io.github.proxyprotocol.common.ProxyProtocolException;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * The PROXY protocol phase of one accepted connection, run on the connection's I/O thread without ever waiting: reads
 * whatever has arrived, feeds it to the handshake, and on completion hands a {@link ProxiedStreamConnection} on. A
 * timer on the same thread closes the connection when the header is not complete in time. All state is this object's
 * and dies with the connection.
 */
final class HeaderReader implements ChannelListener<StreamSourceChannel>, Runnable {
    /** Enough for any v1 header and a typical v2 one; grows up to the maximum header size. */
    private static final int INITIAL_BUFFER_SIZE = 256;

    private final StreamConnection connection;
    private final ProxyHandshake handshake;
    private final int maxHeaderSize;
    private final Consumer<StreamConnection> next;
    private ByteBuffer received;
    private XnioExecutor.Key timeout;

    private HeaderReader(StreamConnection connection, ProxyHandshake handshake, Consumer<StreamConnection> next) {
        this.connection = connection;
        this.handshake = handshake;
        this.maxHeaderSize = handshake.gate().config().maxHeaderSize();
        this.next = next;
        this.received = ByteBuffer.allocate(Math.min(INITIAL_BUFFER_SIZE, maxHeaderSize));
    }

    /**
     * Starts the phase for a connection just accepted, on its I/O thread: a peer the trust table rejects is closed
     * before anything is read; otherwise {@code next} gets the connection once its header (or a direct client's first
     * bytes) has been seen.
     */
    static void start(StreamConnection connection, ProxyProtocolGate gate, Consumer<StreamConnection> next) {
        ProxyHandshake handshake = gate.newHandshake();
        if (handshake.begin(connection.getPeerAddress()) == PeerMode.REJECTED) {
            IoUtils.safeClose(connection);
            return;
        }
        HeaderReader reader = new HeaderReader(connection, handshake, next);
        reader.timeout = connection
                .getIoThread()
                .executeAfter(reader, gate.config().headerTimeoutMillis(), TimeUnit.MILLISECONDS);
        StreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(reader);
        reader.handleEvent(source);
    }

    /** Reads what is there; called again by XNIO whenever more arrives. */
    @Override
    public void handleEvent(StreamSourceChannel source) {
        try {
            while (true) {
                int count = read(source);
                if (count == 0) {
                    source.resumeReads();
                    return;
                }
                ByteBuffer bytes = received.duplicate().flip();
                if (handshake.offer(bytes)) {
                    done(source, bytes);
                    return;
                }
                if (!received.hasRemaining()) {
                    grow();
                }
            }
        } catch (ProxyProtocolException e) {
            close();
        }
    }

    private int read(StreamSourceChannel source) throws ProxyProtocolException {
        int count;
        try {
            count = source.read(received);
        } catch (IOException e) {
            throw handshake.fail(Reason.CONNECTION_CLOSED, "read failed before a complete header: " + e.getMessage());
        }
        if (count < 0) {
            throw handshake.closedEarly();
        }
        return count;
    }

    private void grow() throws ProxyProtocolException {
        if (received.capacity() >= maxHeaderSize) {
            throw handshake.fail(
                    Reason.HEADER_TOO_LARGE, "no complete header in the first " + maxHeaderSize + " bytes");
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.min(received.capacity() * 2, maxHeaderSize));
        larger.put(received.flip());
        received = larger;
    }

    private void done(StreamSourceChannel source, ByteBuffer afterHeader) {
        timeout.remove();
        source.suspendReads();
        source.getReadSetter().set(null);
        received = null;
        StreamConnection proxied = new ProxiedStreamConnection(
                connection,
                handshake.connection(connection.getLocalAddress()),
                afterHeader.hasRemaining() ? afterHeader.slice() : null);
        next.accept(proxied);
    }

    /** The header timeout: fires on the connection's I/O thread. */
    @Override
    public void run() {
        if (handshake.state() == ProxyHandshake.State.READING) {
            handshake.timedOut();
            close();
        }
    }

    private void close() {
        timeout.remove();
        received = null;
        IoUtils.safeClose(connection);
    }
}
