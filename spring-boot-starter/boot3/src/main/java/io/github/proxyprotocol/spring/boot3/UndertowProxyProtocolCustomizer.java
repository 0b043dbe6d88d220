package io.github.proxyprotocol.spring.boot3;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.undertow.ConfigurableUndertowWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * Makes the embedded Undertow's listeners PROXY-protocol listeners with the application's settings. Undertow then
 * runs on the PROXY protocol's worker, which takes {@code server.undertow.threads.io} and {@code
 * server.undertow.threads.worker} in place of the builder's own thread settings.
 */
public class UndertowProxyProtocolCustomizer
        implements WebServerFactoryCustomizer<ConfigurableUndertowWebServerFactory> {
    private final UndertowProxyProtocolListeners listeners;
    private final ObjectProvider<ServerProperties> serverProperties;

    public UndertowProxyProtocolCustomizer(
            UndertowProxyProtocolListeners listeners, ObjectProvider<ServerProperties> serverProperties) {
        this.listeners = listeners;
        this.serverProperties = serverProperties;
    }

    @Override
    public void customize(ConfigurableUndertowWebServerFactory factory) {
        OptionMap workerOptions = workerOptions(serverProperties.getIfAvailable());
        factory.addBuilderCustomizers(builder -> listeners.configure(builder, workerOptions));
    }

    private static OptionMap workerOptions(ServerProperties properties) {
        OptionMap.Builder options = OptionMap.builder();
        if (properties != null) {
            ServerProperties.Undertow.Threads threads = properties.getUndertow().getThreads();
            if (threads.getIo() != null) {
                options.set(Options.WORKER_IO_THREADS, threads.getIo());
            }
            if (threads.getWorker() != null) {
                options.set(Options.WORKER_TASK_CORE_THREADS, threads.getWorker());
                options.set(Options.WORKER_TASK_MAX_THREADS, threads.getWorker());
            }
        }
        return options.getMap();
    }
}
