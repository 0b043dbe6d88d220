package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxiedConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * The network end point of a connection whose PROXY-protocol phase is over: reports the header's source and
 * destination as its remote and local addresses, and delegates everything else to the real end point. Every protocol
 * built on it (HTTP/1.1, TLS, HTTP/2) and every request on the connection sees these addresses.
 */
public final class ProxiedEndPoint implements EndPoint, EndPoint.Wrapper {
    private final EndPoint endPoint;
    private final ProxiedConnection connection;

    /** Wraps {@code endPoint} with what its PROXY-protocol phase found. */
    public ProxiedEndPoint(EndPoint endPoint, ProxiedConnection connection) {
        this.endPoint = Objects.requireNonNull(endPoint, "endPoint");
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Finds the proxied end point under {@code endPoint} (itself, or one that TLS or another layer wraps).
     *
     * @return the end point, or {@code null} if the connection did not go through a trusted PROXY-protocol factory
     */
    public static ProxiedEndPoint find(EndPoint endPoint) {
        EndPoint current = endPoint;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current instanceof ProxiedEndPoint proxied) {
                return proxied;
            }
            if (!(current instanceof EndPoint.Wrapper wrapper)) {
                return null;
            }
            current = wrapper.unwrap();
        }
        return null;
    }

    /** What the PROXY-protocol phase found: header (or none), real peer, reported addresses, secure. */
    public ProxiedConnection proxiedConnection() {
        return connection;
    }

    @Override
    public EndPoint unwrap() {
        return endPoint;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return connection.localAddress();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return connection.remoteAddress();
    }

    /** The reported local address, for Jetty 12.0 where {@code EndPoint} still declares this method. */
    @Deprecated
    public InetSocketAddress getLocalAddress() {
        return connection.localAddress() instanceof InetSocketAddress inet ? inet : null;
    }

    /** The reported remote address, for Jetty 12.0 where {@code EndPoint} still declares this method. */
    @Deprecated
    public InetSocketAddress getRemoteAddress() {
        return connection.remoteAddress() instanceof InetSocketAddress inet ? inet : null;
    }

    @Override
    public boolean isOpen() {
        return endPoint.isOpen();
    }

    @Override
    public long getCreatedTimeStamp() {
        return endPoint.getCreatedTimeStamp();
    }

    @Override
    public void shutdownOutput() {
        endPoint.shutdownOutput();
    }

    @Override
    public boolean isOutputShutdown() {
        return endPoint.isOutputShutdown();
    }

    @Override
    public boolean isInputShutdown() {
        return endPoint.isInputShutdown();
    }

    @Override
    public void close(Throwable cause) {
        endPoint.close(cause);
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        return endPoint.fill(buffer);
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        return endPoint.flush(buffers);
    }

    @Override
    public Object getTransport() {
        return endPoint.getTransport();
    }

    @Override
    public long getIdleTimeout() {
        return endPoint.getIdleTimeout();
    }

    @Override
    public void setIdleTimeout(long idleTimeout) {
        endPoint.setIdleTimeout(idleTimeout);
    }

    @Override
    public void fillInterested(Callback callback) {
        endPoint.fillInterested(callback);
    }

    @Override
    public boolean tryFillInterested(Callback callback) {
        return endPoint.tryFillInterested(callback);
    }

    @Override
    public boolean isFillInterested() {
        return endPoint.isFillInterested();
    }

    @Override
    public void write(Callback callback, ByteBuffer... buffers) {
        endPoint.write(callback, buffers);
    }

    /** Declared by Jetty 12.1's {@code EndPoint} only; never called on 12.0. */
    @Override
    public Callback cancelWrite(Throwable cause) {
        return endPoint.cancelWrite(cause);
    }

    @Override
    public Connection getConnection() {
        return endPoint.getConnection();
    }

    @Override
    public void setConnection(Connection newConnection) {
        endPoint.setConnection(newConnection);
    }

    @Override
    public void onOpen() {
        endPoint.onOpen();
    }

    @Override
    public void onClose(Throwable cause) {
        endPoint.onClose(cause);
    }

    @Override
    public void upgrade(Connection newConnection) {
        endPoint.upgrade(newConnection);
    }

    @Override
    public SslSessionData getSslSessionData() {
        return endPoint.getSslSessionData();
    }

    @Override
    public String toString() {
        return "ProxiedEndPoint[remote=" + connection.remoteAddress() + ",local=" + connection.localAddress() + ",peer="
                + connection.peer() + "," + endPoint + "]";
    }
}
