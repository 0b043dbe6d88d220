package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketProperties;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint with a PROXY protocol phase at the start of every connection. On accept it decides from the
 * peer's address alone whether the connection may go on (a rejected peer is closed at once, nothing read); the header
 * is then read on the poller's own thread when its bytes arrive, with the header timeout as the connection's read
 * timeout: no thread waits for header bytes, and no worker is dispatched for them. A worker gets the connection when
 * HTTP or TLS has bytes to read, as on a plain connector.
 */
final class ProxyProtocolNioEndpoint extends NioEndpoint {
    private static final Log log = LogFactory.getLog(ProxyProtocolNioEndpoint.class);

    private volatile ProxyProtocolGate gate;

    void setGate(ProxyProtocolGate gate) {
        this.gate = gate;
    }

    /**
     * Tomcat's own steps for a new connection (pooled channel, socket wrapper, socket options, timeouts, poller),
     * with this endpoint's channel and wrapper and the PROXY protocol's peer check and header timeout.
     */
    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        ProxyNioSocketWrapper wrapper = null;
        try {
            NioChannel channel = pooledOrNewChannel();
            wrapper = RequestConnections.get().newSocketWrapper(channel, this);
            channel.reset(socket, wrapper);
            connections.put(socket, wrapper);
            socket.configureBlocking(false);
            if (getUnixDomainSocketPath() == null) {
                getSocketProperties().setProperties(socket.socket());
            }
            HeaderPhase phase = ((HeaderPhaseChannel) channel).headerPhase();
            if (phase.begin(socket.getRemoteAddress()) == PeerMode.REJECTED) {
                // Already logged and counted; the acceptor closes it through the wrapper.
                return false;
            }
            // The phase's deadline: reads in the phase leave the wrapper's last-read time at accept, so the poller's
            // sweep closes a silent connection at the deadline, and the phase itself refuses a late byte.
            wrapper.setReadTimeout(phase.remainingMillis());
            wrapper.setWriteTimeout(getConnectionTimeout());
            wrapper.setKeepAliveLeft(getMaxKeepAliveRequests());
            getPoller().register(wrapper);
            return true;
        } catch (Throwable t) {
            ExceptionUtils.handleThrowable(t);
            log.error("Failed to set up a new connection on " + getName(), t);
            if (wrapper == null) {
                destroySocket(socket);
            }
            return false;
        }
    }

    /**
     * The poller's events for a connection still in its header phase stay on the poller: bytes are read into the
     * header there, and a deadline the poller's sweep found passed closes the connection there. Everything else, and
     * every event after the header, goes to Tomcat as usual.
     */
    @Override
    public boolean processSocket(SocketWrapperBase<NioChannel> socketWrapper, SocketEvent event, boolean dispatch) {
        if (dispatch && socketWrapper instanceof ProxyNioSocketWrapper wrapper && wrapper.inHeaderPhase()) {
            if (event == SocketEvent.OPEN_READ) {
                return headerBytesArrived(wrapper);
            }
            if (event == SocketEvent.ERROR) {
                // The sweep's read timeout: the poller closes the connection and the wrapper records the timeout.
                return false;
            }
        }
        return super.processSocket(socketWrapper, event, dispatch);
    }

    /**
     * Reads the header bytes that are there, on the poller's thread, and dispatches the connection to a worker only
     * if bytes for HTTP or TLS came with the header; otherwise it waits for them in the poller, like a new connection.
     *
     * @return {@code false} to have the poller close the connection (already logged and counted)
     */
    private boolean headerBytesArrived(ProxyNioSocketWrapper wrapper) {
        NioChannel channel = wrapper.getSocket();
        ByteBuffer buffer = ((HeaderPhaseChannel) channel).headerBuffer();
        int step = wrapper.readHeader(channel.getIOChannel(), buffer);
        if (step < 0) {
            return false;
        }
        if (step == 0 && buffer.position() > 0) {
            return super.processSocket(wrapper, SocketEvent.OPEN_READ, true);
        }
        wrapper.registerReadInterest();
        return true;
    }

    private NioChannel pooledOrNewChannel() {
        SynchronizedStack<NioChannel> pool = getNioChannels();
        NioChannel channel = pool == null ? null : pool.pop();
        if (channel == null) {
            SocketProperties properties = getSocketProperties();
            channel = createChannel(new SocketBufferHandler(
                    properties.getAppReadBufSize(), properties.getAppWriteBufSize(), properties.getDirectBuffer()));
        }
        return channel;
    }

    /**
     * A new channel, TLS or plain as the connector is configured, with a PROXY protocol phase of its own. (Tomcat 11
     * has this method too; on 10.1 only this class calls it.)
     */
    protected NioChannel createChannel(SocketBufferHandler buffers) {
        HeaderPhase phase = gate.newHeaderPhase();
        if (isSSLEnabled()) {
            return new ProxySecureNioChannel(buffers, this, phase);
        }
        return new ProxyNioChannel(buffers, phase);
    }
}
