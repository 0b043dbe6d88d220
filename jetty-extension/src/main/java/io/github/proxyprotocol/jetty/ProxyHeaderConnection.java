package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHandshake;
import io.github.proxyprotocol.common.ProxyProtocolException;
import io.github.proxyprotocol.common.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header phase of one connection: reads until the PROXY header is complete (or a direct client's first bytes have
 * shown there is none), then hands the connection, wrapped in a {@link ProxiedEndPoint}, to the next protocol with the
 * bytes read past the header. Reads only when the end point says bytes are there, so a waiting connection holds no
 * thread; the header timeout is a task on the connector's scheduler and, meanwhile, the end point's idle timeout.
 */
final class ProxyHeaderConnection extends AbstractConnection implements Connection.UpgradeFrom {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderConnection.class);
    private static final int INITIAL_BUFFER_SIZE = 256;

    private enum Progress {
        NEED_MORE,
        DONE,
        FAILED
    }

    private final Connector connector;
    private final ConnectionFactory next;
    private final ProxyHandshake handshake;
    private final long headerTimeoutMillis;
    private final int maxHeaderSize;

    /** The bytes read so far, from position 0 (or just past the header, once done) to the limit. */
    private ByteBuffer buffer;

    private long idleTimeoutAfterHeader;
    private volatile Scheduler.Task deadline;
    private boolean over; // guarded by this

    ProxyHeaderConnection(EndPoint endPoint, Connector connector, ConnectionFactory next, ProxyHandshake handshake) {
        super(endPoint, connector.getExecutor());
        this.connector = connector;
        this.next = next;
        this.handshake = handshake;
        this.headerTimeoutMillis = handshake.gate().config().headerTimeoutMillis();
        this.maxHeaderSize = handshake.gate().config().maxHeaderSize();
        this.buffer = ByteBuffer.allocate(Math.min(INITIAL_BUFFER_SIZE, maxHeaderSize))
                .flip();
    }

    @Override
    public void onOpen() {
        super.onOpen();
        EndPoint endPoint = getEndPoint();
        idleTimeoutAfterHeader = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(headerTimeoutMillis);
        deadline = connector.getScheduler().schedule(this::onHeaderTimeout, headerTimeoutMillis, TimeUnit.MILLISECONDS);
        fillInterested();
    }

    @Override
    public void onFillable() {
        Progress progress;
        synchronized (this) {
            if (over) {
                return;
            }
            progress = readHeader();
            over = progress != Progress.NEED_MORE;
        }
        switch (progress) {
            case NEED_MORE -> fillInterested();
            case DONE -> handOver();
            case FAILED -> closeWithoutResponse();
        }
    }

    /** Reads what is there and offers it to the handshake; never waits. */
    private Progress readHeader() {
        try {
            while (true) {
                if (buffer.limit() == buffer.capacity() && !grow()) {
                    handshake.fail(Reason.HEADER_TOO_LARGE, "no complete header in " + maxHeaderSize + " bytes");
                    return Progress.FAILED;
                }
                int filled = getEndPoint().fill(buffer);
                if (filled < 0) {
                    handshake.closedEarly();
                    return Progress.FAILED;
                }
                if (filled == 0) {
                    return Progress.NEED_MORE;
                }
                if (handshake.offer(buffer)) {
                    return Progress.DONE;
                }
            }
        } catch (ProxyProtocolException e) {
            return Progress.FAILED; // the handshake has logged and counted it
        } catch (IOException e) {
            LOG.debug("read failed during the PROXY header of {}", getEndPoint(), e);
            handshake.closedEarly();
            return Progress.FAILED;
        }
    }

    private boolean grow() {
        if (buffer.capacity() >= maxHeaderSize) {
            return false;
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.min(maxHeaderSize, buffer.capacity() * 2));
        larger.put(buffer).flip();
        buffer = larger;
        return true;
    }

    private void handOver() {
        cancelDeadline();
        EndPoint endPoint = getEndPoint();
        ProxiedConnection proxied = handshake.connection(endPoint.getLocalSocketAddress());
        endPoint.setIdleTimeout(idleTimeoutAfterHeader);
        ProxiedEndPoint proxiedEndPoint = new ProxiedEndPoint(endPoint, proxied);
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
        if (!buffer.hasRemaining()) {
            return null;
        }
        ByteBuffer rest = ByteBuffer.allocate(buffer.remaining());
        rest.put(buffer).flip();
        return rest;
    }

    private void onHeaderTimeout() {
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
            handshake.timedOut();
        }
        closeWithoutResponse();
    }

    /** The end point's idle timeout is the header timeout until the header is read: the same outcome. */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        onHeaderTimeout();
        return false;
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        synchronized (this) {
            over = true;
        }
        LOG.debug("fill interest failed during the PROXY header of {}", getEndPoint(), cause);
        closeWithoutResponse();
    }

    @Override
    public void onClose(Throwable cause) {
        cancelDeadline();
        super.onClose(cause);
    }

    private void cancelDeadline() {
        Scheduler.Task task = deadline;
        if (task != null) {
            task.cancel();
        }
    }

    private void closeWithoutResponse() {
        cancelDeadline();
        getEndPoint().close();
    }
}
