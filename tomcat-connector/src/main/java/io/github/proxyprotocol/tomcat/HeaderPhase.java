package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxyHandshake;
import io.github.proxyprotocol.common.ProxyProtocolException;
import io.github.proxyprotocol.common.Reason;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The PROXY protocol phase of the connections of one pooled channel: Tomcat's handshake hook drives it one
 * non-blocking read at a time until the header is read, then it reports the connection to the socket wrapper.
 *
 * <p>Bytes are read straight into the buffer where Tomcat expects a connection's first bytes (the application read
 * buffer, or the TLS network buffer), and the header is cut out of it once complete: whatever followed the header
 * (an HTTP request, a TLS ClientHello, an HTTP/2 preface) stays in that buffer for Tomcat, untouched.
 */
final class HeaderPhase {
    /** {@link #step} result: the phase is over, Tomcat may go on. */
    static final int DONE = 0;
    /** {@link #step} result: close the connection. */
    static final int CLOSE = -1;
    /** {@link #step} result: wait until the socket is readable. */
    static final int NEED_READ = SelectionKey.OP_READ;

    private final ProxyHandshake handshake;
    private volatile boolean reading;

    HeaderPhase(ProxyHandshake handshake) {
        this.handshake = handshake;
    }

    /** Starts the phase for a new connection; {@link PeerMode#REJECTED} (already logged and counted): close it. */
    PeerMode begin(SocketAddress peer) {
        PeerMode mode = handshake.begin(peer);
        reading = mode != PeerMode.REJECTED;
        return mode;
    }

    /** Whether the connection is still in its PROXY protocol phase. */
    boolean isReading() {
        return reading;
    }

    /** The most bytes {@link #step} needs room for in the buffer it reads into. */
    int bufferSizeNeeded() {
        return handshake.gate().config().maxHeaderSize();
    }

    /**
     * Reads what the socket has now into {@code received} (in write mode, holding this connection's bytes so far from
     * index 0) and looks for the end of the header; once found, reports the connection to {@code wrapper}.
     *
     * @return {@link #DONE}, {@link #NEED_READ} or {@link #CLOSE} (the reason already logged and counted)
     */
    int step(SocketChannel channel, ByteBuffer received, ProxyNioSocketWrapper wrapper) {
        try {
            int read = channel.read(received);
            if (read < 0) {
                throw handshake.closedEarly();
            }
            if (read == 0) {
                return NEED_READ;
            }
            ByteBuffer view = received.duplicate().flip();
            if (!handshake.offer(view)) {
                if (!received.hasRemaining()) {
                    throw handshake.fail(Reason.HEADER_TOO_LARGE, "no room left for the header");
                }
                return NEED_READ;
            }
            removeHeader(received, view.position());
            reading = false;
            wrapper.proxied(handshake.connection(channel.getLocalAddress()));
            return DONE;
        } catch (ProxyProtocolException e) {
            reading = false;
            return CLOSE;
        } catch (IOException e) {
            reading = false;
            handshake.fail(Reason.CONNECTION_CLOSED, String.valueOf(e.getMessage()));
            return CLOSE;
        }
    }

    private static void removeHeader(ByteBuffer received, int headerLength) {
        if (headerLength > 0) {
            received.flip().position(headerLength);
            received.compact();
        }
    }

    /**
     * The connection is closing: if it was still waiting for its header because the read timeout (the header timeout
     * in this phase) fired, that is logged and counted. A close by the server itself (a stop) is not a rejection.
     */
    void closing(IOException cause) {
        if (reading) {
            reading = false;
            if (cause instanceof SocketTimeoutException) {
                handshake.timedOut();
            }
        }
    }
}
