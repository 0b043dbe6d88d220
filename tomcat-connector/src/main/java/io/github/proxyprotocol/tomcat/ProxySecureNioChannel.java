package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.tomcat.util.buf.ByteBufferUtils;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;

/**
 * A TLS channel that reads the PROXY protocol header before the TLS handshake. The header is read into the TLS network
 * buffer, where Tomcat's handshake looks for the ClientHello, and cut out of it: the TLS bytes that came with the
 * header are left in place for the handshake that follows.
 */
final class ProxySecureNioChannel extends SecureNioChannel implements HeaderPhaseChannel {
    private final HeaderPhase phase;

    ProxySecureNioChannel(SocketBufferHandler buffers, NioEndpoint endpoint, HeaderPhase phase) {
        super(buffers, endpoint);
        this.phase = phase;
        netInBuffer = ByteBufferUtils.expand(netInBuffer, phase.gate().config().maxHeaderSize());
    }

    @Override
    public HeaderPhase headerPhase() {
        return phase;
    }

    @Override
    public ByteBuffer headerBuffer() {
        return netInBuffer;
    }

    @Override
    public int handshake(boolean read, boolean write) throws IOException {
        if (phase.progress() != HeaderPhase.Progress.DONE) {
            int result = ((ProxyNioSocketWrapper) socketWrapper).readHeader(sc, netInBuffer);
            if (result != 0) {
                return result;
            }
        }
        return super.handshake(read, write);
    }
}
