package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxiedConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.xnio.Buffers;
import org.xnio.IoUtils;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * A connection whose PROXY header has been read: the same socket, reporting the header's addresses, with the bytes
 * read past the header put back in front of the rest of the stream. This is what Undertow (and its TLS layer) sees.
 */
final class ProxiedStreamConnection extends StreamConnection {
    private final StreamConnection socket;
    private final SocketAddress peerAddress;
    private final SocketAddress localAddress;

    /**
     * @param socket the accepted connection, its header consumed
     * @param proxied what to report
     * @param unread bytes read after the header, or {@code null}
     */
    ProxiedStreamConnection(StreamConnection socket, ProxiedConnection proxied, ByteBuffer unread) {
        super(socket.getIoThread());
        this.socket = socket;
        this.peerAddress = ProxiedSocketAddress.of(proxied);
        this.localAddress = proxied.localAddress();
        StreamSourceConduit source = socket.getSourceChannel().getConduit();
        if (unread != null && unread.hasRemaining()) {
            PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(source);
            pushBack.pushBack(Buffers.pooledWrapper(unread));
            source = pushBack;
        }
        setSourceConduit(source);
        setSinkConduit(socket.getSinkChannel().getConduit());
        socket.setCloseListener(closed -> IoUtils.safeClose(this));
    }

    @Override
    public SocketAddress getPeerAddress() {
        return peerAddress;
    }

    @Override
    public SocketAddress getLocalAddress() {
        return localAddress;
    }

    @Override
    protected void closeAction() throws IOException {
        socket.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return socket.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return socket.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return socket.setOption(option, value);
    }

    @Override
    public String toString() {
        return "PROXY protocol connection from " + peerAddress + " to " + localAddress + " over " + socket;
    }
}
