package io.github.proxyprotocol.tomcat;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * A plain (non-TLS) channel whose handshake is the PROXY protocol header: the bytes after the header stay in the
 * application read buffer, where Tomcat reads the request from.
 */
final class ProxyNioChannel extends NioChannel implements HeaderPhaseChannel {
    private final HeaderPhase phase;

    ProxyNioChannel(SocketBufferHandler buffers, HeaderPhase phase) {
        super(buffers);
        this.phase = phase;
        if (buffers.getReadBuffer().capacity() < phase.bufferSizeNeeded()) {
            buffers.expand(phase.bufferSizeNeeded());
        }
    }

    @Override
    public HeaderPhase headerPhase() {
        return phase;
    }

    @Override
    public boolean isHandshakeComplete() {
        return !phase.isReading();
    }

    @Override
    public int handshake(boolean read, boolean write) {
        if (!phase.isReading()) {
            return HeaderPhase.DONE;
        }
        bufHandler.configureReadBufferForWrite();
        return phase.step(sc, bufHandler.getReadBuffer(), (ProxyNioSocketWrapper) socketWrapper);
    }
}
