package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import java.nio.channels.SocketChannel;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketProperties;

/**
 * Tomcat's NIO endpoint with a PROXY protocol phase at the start of every connection. On accept it decides from the
 * peer's address alone whether the connection may go on (a rejected peer is closed at once, nothing read); the header
 * is then read by the channel's non-blocking handshake step on the poller-driven path, with the header timeout as the
 * connection's read timeout, so no thread ever waits for header bytes.
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
