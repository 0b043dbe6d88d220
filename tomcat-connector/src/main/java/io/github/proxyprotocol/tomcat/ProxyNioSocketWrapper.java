package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.ProxiedConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's socket wrapper for one connection: runs its header phase from the channel's non-blocking handshake step,
 * then reports the header's addresses, which every processor (HTTP/1.1, HTTP/2 streams, upgraded connections) and the
 * access log read from here. (On Tomcat 10.1 and later the endpoint creates {@link ServletConnectionSocketWrapper}, which
 * also reports a {@code ServletConnection}; this class uses no API that Tomcat 9.0 lacks.)
 */
class ProxyNioSocketWrapper extends NioEndpoint.NioSocketWrapper {
    private final HeaderPhase phase;
    private volatile ProxiedConnection connection;

    ProxyNioSocketWrapper(NioChannel channel, NioEndpoint endpoint) {
        super(channel, endpoint);
        this.phase = ((HeaderPhaseChannel) channel).headerPhase();
    }

    /** Whether the connection is still waiting for (the rest of) its header. */
    boolean inHeaderPhase() {
        return phase.isWaiting();
    }

    /**
     * One step of the header phase, on the poller's thread or in the channel's handshake: reads what the socket has
     * into {@code into} (Tomcat's buffer for the connection's first bytes, in write mode), and once the header is read
     * reports the connection from then on.
     *
     * @return Tomcat's handshake result: 0 (go on to HTTP or TLS), {@link SelectionKey#OP_READ} (wait for bytes, the
     *     poller's read timeout being the header phase's deadline) or -1 (close; already logged and counted)
     */
    int readHeader(SocketChannel channel, ByteBuffer into) {
        return switch (phase.read(channel::read, into)) {
            case NEED_MORE -> SelectionKey.OP_READ;
            case FAILED -> -1;
            case DONE -> {
                proxied(phase.connection(channel.socket().getLocalSocketAddress()));
                yield 0;
            }
        };
    }

    /**
     * The header phase is over: report the header's addresses from now on and give the connection Tomcat's own read
     * timeout again, counted from now.
     */
    private void proxied(ProxiedConnection proxied) {
        if (proxied.replacesAddresses()) {
            // Addresses only: a header's address is never resolved to a host name.
            InetSocketAddress remote = proxied.remoteInetAddress();
            InetSocketAddress local = proxied.localInetAddress();
            remoteAddr = remote.getAddress().getHostAddress();
            remoteHost = remoteAddr;
            remotePort = remote.getPort();
            localAddr = local.getAddress().getHostAddress();
            localName = localAddr;
            localPort = local.getPort();
        }
        connection = proxied;
        setReadTimeout(getEndpoint().getConnectionTimeout());
        updateLastRead();
    }

    /** What the header phase found, or {@code null} while it is not over (or failed). */
    ProxiedConnection proxiedConnection() {
        return connection;
    }

    /**
     * The connection is closing. If it was still in its header phase, the poller's read timeout (the phase's deadline)
     * ended it, or the connector is stopping: the first is a rejection, the second is not.
     */
    @Override
    protected void doClose() {
        if (phase.isWaiting()) {
            IOException cause = getError();
            if (cause instanceof SocketTimeoutException) {
                phase.timedOut();
            } else {
                phase.abandon();
            }
        }
        super.doClose();
    }
}
