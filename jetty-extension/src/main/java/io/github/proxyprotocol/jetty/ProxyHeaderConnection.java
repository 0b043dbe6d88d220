package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.HeaderPhase.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header phase of one connection, in Jetty's terms: reads only when the end point says bytes are there (so a
 * waiting connection holds no thread), on the selector's own thread (the read never blocks, so no worker is dispatched
 * for it), then hands the connection, wrapped in a {@link ProxiedEndPoint}, to the next
 * protocol with the bytes read past the header. The end point's idle timeout carries the phase's deadline: after
 * every read it is set to the time left, so bytes that trickle in never extend it; the connector's idle timeout is
 * restored after the header.
 */
final class ProxyHeaderConnection extends AbstractConnection implements Connection.UpgradeFrom {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderConnection.class);

    private final Connector connector;
    private final ConnectionFactory next;
    private final HeaderPhase phase;
    private final Callback headerBytes = new HeaderBytes();
    private long idleTimeoutAfterHeader;
    private ByteBuffer leftover;

    ProxyHeaderConnection(EndPoint endPoint, Connector connector, ConnectionFactory next, HeaderPhase phase) {
        super(endPoint, connector.getExecutor());
        this.connector = connector;
        this.next = next;
        this.phase = phase;
    }

    @Override
    public void onOpen() {
        super.onOpen();
        EndPoint endPoint = getEndPoint();
        idleTimeoutAfterHeader = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(phase.remainingMillis());
        endPoint.fillInterested(headerBytes);
    }

    @Override
    public void onFillable() {
        Progress progress;
        synchronized (this) {
            progress = phase.read(this::fill);
            if (progress == Progress.NEED_MORE) {
                getEndPoint().setIdleTimeout(phase.remainingMillis());
            }
        }
        switch (progress) {
            case NEED_MORE -> getEndPoint().fillInterested(headerBytes);
            case DONE -> handOver();
            case FAILED -> getEndPoint().close();
        }
    }

    /**
     * Jetty's call when header bytes are there. Reading them never blocks, and handing over only registers the next
     * protocol's interest or dispatches it, so the selector runs this itself instead of dispatching a worker.
     */
    private final class HeaderBytes implements Callback {
        @Override
        public void succeeded() {
            onFillable();
        }

        @Override
        public void failed(Throwable cause) {
            onFillInterestedFailed(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** One non-blocking read into {@code into} (write mode), through Jetty's fill (which appends in flush mode). */
    private int fill(ByteBuffer into) throws IOException {
        into.flip();
        try {
            return getEndPoint().fill(into);
        } finally {
            into.position(into.limit()).limit(into.capacity());
        }
    }

    private void handOver() {
        EndPoint endPoint = getEndPoint();
        endPoint.setIdleTimeout(idleTimeoutAfterHeader);
        leftover = phase.leftover();
        ProxiedEndPoint proxiedEndPoint =
                new ProxiedEndPoint(endPoint, phase.connection(endPoint.getLocalSocketAddress()));
        try {
            proxiedEndPoint.upgrade(next.newConnection(connector, proxiedEndPoint));
        } catch (RuntimeException e) {
            LOG.warn("cannot hand {} over to {}", endPoint, next, e);
            endPoint.close(e);
        }
    }

    /** The bytes read past the header (an HTTP request, a TLS ClientHello, an HTTP/2 preface), untouched. */
    @Override
    public ByteBuffer onUpgradeFrom() {
        ByteBuffer rest = leftover;
        leftover = null;
        return rest;
    }

    /** The idle timeout is the phase's deadline until the header is read. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        synchronized (this) {
            phase.timedOut();
        }
        getEndPoint().close();
        return false;
    }

    /** The connection failed from outside while waiting for the header: counted and logged like any other ending. */
    @Override
    public void onFillInterestedFailed(Throwable cause) {
        synchronized (this) {
            phase.connectionFailed(cause);
        }
        getEndPoint().close();
    }

    /**
     * Closed while still waiting for the header, and not by an outcome above: ended from outside (counted and logged
     * like any other ending), unless the connector is stopping, which is no rejection.
     */
    @Override
    public void onClose(Throwable cause) {
        synchronized (this) {
            if (connector.isRunning()) {
                phase.connectionFailed(cause);
            } else {
                phase.abandon();
            }
        }
        super.onClose(cause);
    }
}
