package io.github.proxyprotocol.undertow;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * A listening socket as {@link ProxyProtocolWorker} hands it to Undertow: the worker's own server channel, with a hook
 * run once when Undertow closes it. Plain listeners use it as is; {@link ProxyProtocolListenerChannel} adds the PROXY
 * protocol phase in front of {@link #accept()}.
 */
class ListenerChannel implements AcceptingChannel<StreamConnection> {
    /** The channel the worker really listens on. */
    protected final AcceptingChannel<StreamConnection> server;

    private final XnioWorker worker;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ListenerChannel(AcceptingChannel<StreamConnection> server, XnioWorker worker, Runnable onClose) {
        this.server = server;
        this.worker = worker;
        this.onClose = onClose;
    }

    @Override
    public StreamConnection accept() throws IOException {
        return server.accept();
    }

    @Override
    public ChannelListener.Setter<? extends AcceptingChannel<StreamConnection>> getAcceptSetter() {
        return ChannelListeners.getDelegatingSetter(server.getAcceptSetter(), this);
    }

    @Override
    public ChannelListener.Setter<? extends AcceptingChannel<StreamConnection>> getCloseSetter() {
        return ChannelListeners.getDelegatingSetter(server.getCloseSetter(), this);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return server.isOpen();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return server.getLocalAddress();
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return server.getLocalAddress(type);
    }

    @Override
    public void suspendAccepts() {
        server.suspendAccepts();
    }

    @Override
    public void resumeAccepts() {
        server.resumeAccepts();
    }

    @Override
    public boolean isAcceptResumed() {
        return server.isAcceptResumed();
    }

    @Override
    @Deprecated
    public void wakeupAccepts() {
        server.wakeupAccepts();
    }

    @Override
    public void awaitAcceptable() throws IOException {
        server.awaitAcceptable();
    }

    @Override
    public void awaitAcceptable(long time, TimeUnit timeUnit) throws IOException {
        server.awaitAcceptable(time, timeUnit);
    }

    @Override
    @Deprecated
    public XnioExecutor getAcceptThread() {
        return server.getIoThread();
    }

    @Override
    public XnioIoThread getIoThread() {
        return server.getIoThread();
    }

    @Override
    public XnioWorker getWorker() {
        return worker;
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return server.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return server.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return server.setOption(option, value);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " on " + server.getLocalAddress();
    }
}
