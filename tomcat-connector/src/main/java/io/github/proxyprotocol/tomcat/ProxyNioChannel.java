package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;
import java.nio.ByteBuffer;
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
        int needed = phase.gate().config().maxHeaderSize();
        if (buffers.getReadBuffer().capacity() < needed) {
            buffers.expand(needed);
        }
    }

    @Override
    public HeaderPhase headerPhase() {
        return phase;
    }

    @Override
    public ByteBuffer headerBuffer() {
        bufHandler.configureReadBufferForWrite();
        return bufHandler.getReadBuffer();
    }

    @Override
    public boolean isHandshakeComplete() {
        return phase.progress() == HeaderPhase.Progress.DONE;
    }

    @Override
    public int handshake(boolean read, boolean write) {
        if (isHandshakeComplete()) {
            return 0;
        }
        return ((ProxyNioSocketWrapper) socketWrapper).readHeader(sc, headerBuffer());
    }
}
