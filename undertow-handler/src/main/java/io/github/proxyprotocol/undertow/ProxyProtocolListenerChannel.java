package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxyProtocolGate;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * A PROXY-protocol listening socket as Undertow sees it. Each connection the worker accepts first goes through its
 * {@link HeaderReader}; only then does Undertow's accept listener run and {@link #accept()} return it, already showing
 * the header's addresses. Undertow's TLS layer wraps what {@code accept()} returns, so the header comes before TLS.
 */
final class ProxyProtocolListenerChannel extends ListenerChannel {
    private static final Logger LOG = Logger.getLogger(ProxyProtocolListenerChannel.class);

    private final ProxyProtocolGate gate;
    private final ChannelListener.SimpleSetter<ProxyProtocolListenerChannel> acceptSetter =
            new ChannelListener.SimpleSetter<>();
    /** The connection being handed to Undertow's accept listener on this I/O thread, for {@link #accept()}. */
    private final ThreadLocal<StreamConnection> handingOver = new ThreadLocal<>();

    ProxyProtocolListenerChannel(
            AcceptingChannel<StreamConnection> server,
            XnioWorker worker,
            ProxyProtocolGate gate,
            ChannelListener<? super AcceptingChannel<StreamConnection>> acceptListener,
            Runnable onClose) {
        super(server, worker, onClose);
        this.gate = gate;
        this.acceptSetter.set(acceptListener);
        server.getAcceptSetter().set(this::acceptReady);
    }

    /** Runs on the I/O thread the worker gave the new connection. */
    private void acceptReady(AcceptingChannel<StreamConnection> ready) {
        StreamConnection connection;
        try {
            connection = ready.accept();
        } catch (IOException e) {
            LOG.debugf(e, "accept failed on %s", this);
            return;
        }
        if (connection != null) {
            HeaderReader.start(connection, gate, this::handOver);
        }
    }

    private void handOver(StreamConnection connection) {
        handingOver.set(connection);
        try {
            ChannelListeners.invokeChannelListener(this, acceptSetter.get());
        } finally {
            StreamConnection notTaken = handingOver.get();
            handingOver.remove();
            IoUtils.safeClose(notTaken);
        }
    }

    /** The connection whose header was just read, while Undertow's accept listener runs; otherwise {@code null}. */
    @Override
    public StreamConnection accept() {
        StreamConnection connection = handingOver.get();
        handingOver.remove();
        return connection;
    }

    @Override
    public ChannelListener.Setter<ProxyProtocolListenerChannel> getAcceptSetter() {
        return acceptSetter;
    }
}
