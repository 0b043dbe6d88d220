package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.LogSink;
import io.github.proxyprotocol.common.MetricsRegistration;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.undertow.server.protocol.proxy.ProxyProtocolOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.xnio.ChannelListener;
import org.xnio.ManagementRegistration;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.channels.MulticastMessageChannel;
import org.xnio.management.XnioServerMXBean;
import org.xnio.management.XnioWorkerMXBean;

/**
 * The XNIO worker that gives Undertow PROXY-protocol listeners: a thin layer over a real worker that opens each
 * listener carrying {@link ProxyProtocolOptions} as a {@link ProxyProtocolListenerChannel}, and every other listener
 * unchanged. Everything else (I/O threads, the task pool, client connections) is the real worker's.
 *
 * <p>Made by {@link ProxyProtocolUndertow}: either owning its real worker, created when Undertow opens its first
 * listener and shut down once Undertow has closed them all (as Undertow does with a worker it creates itself), or
 * over a worker the application owns.
 */
public final class ProxyProtocolWorker extends XnioWorker {
    private static final Logger LOG = Logger.getLogger(ProxyProtocolWorker.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 30;
    private static final String BUILT_IN_PARSER = ProxyProtocolOpenListener.class.getName();

    private final WorkerFactory factory;
    private final int ioThreads;
    private final List<ProxyProtocolGate> gates = new CopyOnWriteArrayList<>();
    private volatile XnioWorker delegate;
    private int openListeners;

    /** Creates the real worker of an owning {@link ProxyProtocolWorker}. */
    @FunctionalInterface
    interface WorkerFactory {
        XnioWorker create() throws IOException;
    }

    private ProxyProtocolWorker(Xnio xnio, XnioWorker delegate, WorkerFactory factory, int ioThreads) {
        // The base class insists on a task pool; every task goes to the real worker, so this one stays unused.
        super(xnio.createWorkerBuilder()
                .setWorkerName("proxy-protocol")
                .setExternalExecutorService(ForkJoinPool.commonPool()));
        this.delegate = delegate;
        this.factory = factory;
        this.ioThreads = ioThreads;
    }

    /** A worker that creates its real worker from {@code options} on start and shuts it down on stop. */
    static ProxyProtocolWorker owning(Xnio xnio, OptionMap options) {
        return new ProxyProtocolWorker(
                xnio, null, () -> xnio.createWorker(options), options.get(Options.WORKER_IO_THREADS, 1));
    }

    /** A worker over {@code worker}, which its owner shuts down. */
    static ProxyProtocolWorker over(XnioWorker worker) {
        return new ProxyProtocolWorker(worker.getXnio(), worker, null, worker.getIoThreadCount());
    }

    /**
     * The gates (settings, metrics) of the PROXY-protocol listeners open now, named {@code http-PORT} or {@code
     * https-PORT}.
     */
    public List<ProxyProtocolGate> gates() {
        return List.copyOf(gates);
    }

    @Override
    protected AcceptingChannel<StreamConnection> createTcpConnectionServer(
            InetSocketAddress bindAddress,
            ChannelListener<? super AcceptingChannel<StreamConnection>> acceptListener,
            OptionMap optionMap)
            throws IOException {
        ProxyProtocolConfig config =
                ProxyProtocolOptions.anySet(optionMap) ? ProxyProtocolOptions.config(optionMap) : null;
        if (config != null && hasBuiltInProxyProtocol(acceptListener)) {
            throw new IllegalStateException("The listener on " + bindAddress.getHostString() + ":"
                    + bindAddress.getPort() + " has PROXY protocol options and Undertow's built-in useProxyProtocol:"
                    + " turn useProxyProtocol off on it (Undertow.ListenerBuilder.setUseProxyProtocol(false))."
                    + " Behind this listener's parser, which reads the balancer's header, Undertow's would parse a"
                    + " second header from any client behind the balancer and believe it, so that client could forge"
                    + " its address.");
        }
        XnioWorker worker = listenerOpening();
        boolean opened = false;
        try {
            AcceptingChannel<StreamConnection> channel;
            if (config == null) {
                channel = new ListenerChannel(
                        worker.createStreamConnectionServer(bindAddress, acceptListener, optionMap),
                        this,
                        this::listenerClosed);
            } else {
                channel = proxyProtocolListener(worker, bindAddress, acceptListener, optionMap, config);
            }
            opened = true;
            return channel;
        } finally {
            if (!opened) {
                listenerClosed();
            }
        }
    }

    private AcceptingChannel<StreamConnection> proxyProtocolListener(
            XnioWorker worker,
            InetSocketAddress bindAddress,
            ChannelListener<? super AcceptingChannel<StreamConnection>> acceptListener,
            OptionMap optionMap,
            ProxyProtocolConfig config)
            throws IOException {
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(bindAddress, null, optionMap);
        InetSocketAddress bound = server.getLocalAddress(InetSocketAddress.class);
        // Undertow opens HTTPS listeners through its TLS layer, which sets its accept listener later.
        String name = (acceptListener == null ? "https-" : "http-") + bound.getPort();
        LogSink log = LogSink.of(LOG::warn, LOG::debug, LOG::isDebugEnabled);
        ProxyProtocolGate gate = new ProxyProtocolGate(name, config, log);
        MetricsRegistration mbean = MetricsRegistration.publish(gate, log);
        gates.add(gate);
        LOG.debugf("PROXY protocol listener %s on %s: %s", name, bound, config);
        return new ProxyProtocolListenerChannel(server, this, gate, acceptListener, () -> {
            gates.remove(gate);
            mbean.close();
            listenerClosed();
        });
    }

    /**
     * Whether Undertow opens this listener with its own PROXY protocol parser ({@code
     * ListenerBuilder.setUseProxyProtocol(true)}). Undertow then hands the worker {@code
     * ChannelListeners.openListenerAdapter(new ProxyProtocolOpenListener(...))}, an accept listener that keeps its
     * open listener to itself but names it in its {@code toString()}: "Accepting listener for " followed by the open
     * listener's, which {@code ProxyProtocolOpenListener} leaves to {@link Object#toString()}, its class name first.
     */
    static boolean hasBuiltInProxyProtocol(ChannelListener<?> acceptListener) {
        return acceptListener != null && String.valueOf(acceptListener).contains(BUILT_IN_PARSER);
    }

    /** The real worker for a listener being opened; an owning worker creates it for the first one. */
    private synchronized XnioWorker listenerOpening() throws IOException {
        if (delegate == null) {
            delegate = factory.create();
        }
        openListeners++;
        return delegate;
    }

    /** After the last listener closed, an owning worker shuts its real worker down, as Undertow does with its own. */
    private void listenerClosed() {
        XnioWorker stopping;
        synchronized (this) {
            if (--openListeners > 0 || factory == null || delegate == null) {
                return;
            }
            stopping = delegate;
            delegate = null;
        }
        stopping.shutdown();
        if (XnioIoThread.currentThread() != null) {
            return;
        }
        try {
            if (!stopping.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.shutdownNow();
        }
    }

    private XnioWorker running() {
        XnioWorker worker = delegate;
        if (worker == null) {
            throw new IllegalStateException("the PROXY protocol worker runs only while Undertow is started");
        }
        return worker;
    }

    @Override
    public void execute(Runnable command) {
        running().execute(command);
    }

    @Override
    public void shutdown() {
        XnioWorker worker = delegate;
        if (worker != null) {
            worker.shutdown();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        XnioWorker worker = delegate;
        return worker == null ? List.of() : worker.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        XnioWorker worker = delegate;
        return worker == null || worker.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        XnioWorker worker = delegate;
        return worker == null || worker.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        XnioWorker worker = delegate;
        return worker == null || worker.awaitTermination(timeout, unit);
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        XnioWorker worker = delegate;
        if (worker != null) {
            worker.awaitTermination();
        }
    }

    @Override
    public XnioIoThread getIoThread(int hashCode) {
        return running().getIoThread(hashCode);
    }

    @Override
    public int getIoThreadCount() {
        XnioWorker worker = delegate;
        return worker == null ? ioThreads : worker.getIoThreadCount();
    }

    @Override
    protected XnioIoThread chooseThread() {
        return running().getIoThread();
    }

    @Override
    public XnioWorkerMXBean getMXBean() {
        return running().getMXBean();
    }

    @Override
    protected ManagementRegistration registerServerMXBean(XnioServerMXBean metrics) {
        // servers are created by the real worker, which registers them itself
        return () -> {};
    }

    @Override
    public MulticastMessageChannel createUdpServer(
            InetSocketAddress bindAddress,
            ChannelListener<? super MulticastMessageChannel> bindListener,
            OptionMap optionMap)
            throws IOException {
        return running().createUdpServer(bindAddress, bindListener, optionMap);
    }

    @Override
    public InetSocketAddress getBindAddress(InetAddress destination) {
        return running().getBindAddress(destination);
    }

    @Override
    public String getName() {
        XnioWorker worker = delegate;
        return worker == null ? super.getName() : worker.getName();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        XnioWorker worker = delegate;
        return worker != null && worker.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        XnioWorker worker = delegate;
        return worker == null ? null : worker.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return running().setOption(option, value);
    }

    @Override
    public String toString() {
        XnioWorker worker = delegate;
        return "PROXY protocol worker over " + (worker == null ? "(not started)" : worker);
    }
}
