package io.github.proxyprotocol.undertow;

import io.undertow.Undertow;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Turns on PROXY-protocol listeners for an {@link Undertow.Builder}. Undertow opens every listener through its XNIO
 * worker and has no other hook for what happens to a connection before HTTP, so this installs a {@link
 * ProxyProtocolWorker}; each listener whose socket options carry {@link ProxyProtocolOptions} then reads a header
 * before anything else:
 *
 * <pre>{@code
 * Undertow.Builder builder = Undertow.builder()
 *         .addListener(new Undertow.ListenerBuilder()
 *                 .setType(Undertow.ListenerType.HTTP)
 *                 .setPort(8080)
 *                 .setOverrideSocketOptions(OptionMap.create(ProxyProtocolOptions.TRUSTED_PROXIES, "10.0.0.0/8")))
 *         .setHandler(new ProxyProtocolHandler(handler));
 * ProxyProtocolUndertow.enable(builder);
 * builder.build().start();
 * }</pre>
 */
public final class ProxyProtocolUndertow {
    private ProxyProtocolUndertow() {}

    /**
     * Gives the builder a worker with Undertow's own defaults ({@code max(cores, 2)} I/O threads, eight task threads
     * per I/O thread), created when the server starts and shut down when it stops.
     *
     * @return the worker, for its {@link ProxyProtocolWorker#gates() gates}
     */
    public static ProxyProtocolWorker enable(Undertow.Builder builder) {
        return enable(builder, OptionMap.EMPTY);
    }

    /**
     * As {@link #enable(Undertow.Builder)}, with worker options ({@link Options#WORKER_IO_THREADS}, {@link
     * Options#WORKER_TASK_MAX_THREADS}...). They take the place of the builder's {@code setIoThreads}, {@code
     * setWorkerThreads} and {@code setWorkerOption}, which Undertow applies only to a worker it creates itself.
     */
    public static ProxyProtocolWorker enable(Undertow.Builder builder, OptionMap workerOptions) {
        int ioThreads = workerOptions.get(
                Options.WORKER_IO_THREADS, Math.max(Runtime.getRuntime().availableProcessors(), 2));
        int taskThreads = ioThreads * 8;
        OptionMap options = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                .set(Options.WORKER_TASK_CORE_THREADS, taskThreads)
                .set(Options.WORKER_TASK_MAX_THREADS, taskThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .addAll(workerOptions)
                .getMap();
        ProxyProtocolWorker worker =
                ProxyProtocolWorker.owning(Xnio.getInstance(Undertow.class.getClassLoader()), options);
        builder.setWorker(worker);
        return worker;
    }

    /**
     * Gives the builder a PROXY-protocol worker over a worker the application created and shuts down itself (what
     * {@code Undertow.Builder.setWorker} expects).
     */
    public static ProxyProtocolWorker enable(Undertow.Builder builder, XnioWorker worker) {
        ProxyProtocolWorker proxyProtocolWorker = ProxyProtocolWorker.over(worker);
        builder.setWorker(proxyProtocolWorker);
        return proxyProtocolWorker;
    }
}
