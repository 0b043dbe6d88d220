package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.TestCertificates;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * An embedded Undertow on 127.0.0.1 with a PROXY-protocol HTTP listener, optionally a PROXY-protocol HTTPS listener
 * and a plain HTTP listener, all on free ports, answering with {@link WhoAmIHandler} behind {@link
 * ProxyProtocolHandler}, behind an access log ({@code %a %A %p %U}).
 */
final class TestServer implements AutoCloseable {
    private final Undertow undertow;
    private final ProxyProtocolWorker worker;
    private final WhoAmIHandler whoAmI;
    private final BlockingQueue<String> accessLog;
    private final List<Undertow.ListenerInfo> listeners;

    private TestServer(
            Undertow undertow, ProxyProtocolWorker worker, WhoAmIHandler whoAmI, BlockingQueue<String> accessLog) {
        this.undertow = undertow;
        this.worker = worker;
        this.whoAmI = whoAmI;
        this.accessLog = accessLog;
        undertow.start();
        this.listeners = undertow.getListenerInfo();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A server whose PROXY-protocol listener trusts {@code trustedProxies}. */
    static TestServer start(String trustedProxies) {
        return builder().trustedProxies(trustedProxies).start();
    }

    /** The PROXY-protocol HTTP listener's port. */
    int port() {
        return port("http", 0);
    }

    /** The PROXY-protocol HTTPS listener's port. */
    int httpsPort() {
        return port("https", 0);
    }

    /** The plain HTTP listener's port (no PROXY protocol). */
    int plainPort() {
        return port("http", 1);
    }

    private int port(String protocol, int index) {
        List<Integer> ports = new ArrayList<>();
        for (Undertow.ListenerInfo listener : listeners) {
            if (listener.getProtcol().equals(protocol)) {
                ports.add(((InetSocketAddress) listener.getAddress()).getPort());
            }
        }
        return ports.get(index);
    }

    ProxyProtocolWorker worker() {
        return worker;
    }

    /** The gate of the PROXY-protocol listener on {@code port}. */
    ProxyProtocolGate gate(int port) {
        return worker.gates().stream()
                .filter(gate -> gate.name().endsWith("-" + port))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no PROXY protocol listener on " + port + ": " + worker.gates()));
    }

    /** The metrics of the PROXY-protocol HTTP listener. */
    ProxyProtocolMetrics metrics() {
        return gate(port()).metrics();
    }

    /** How many requests reached the handler. */
    int requests() {
        return whoAmI.requests();
    }

    /** The access log line of the request for {@code path} (paths are unique per test), waiting up to 10 s. */
    String accessLogLine(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String line = accessLog.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no access log line for " + path + " within 10 s");
            }
            if (line.endsWith(" " + path)) {
                return line;
            }
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }

    /** Settings of a {@link TestServer}. */
    static final class Builder {
        private final OptionMap.Builder options = OptionMap.builder();
        private boolean https;
        private boolean http2;
        private boolean plainListener;
        private HttpHandler handler;

        Builder trustedProxies(String cidrs) {
            return option(ProxyProtocolOptions.TRUSTED_PROXIES, cidrs);
        }

        Builder directClients(String cidrs) {
            return option(ProxyProtocolOptions.DIRECT_CLIENTS, cidrs);
        }

        <T> Builder option(Option<T> option, T value) {
            options.set(option, value);
            return this;
        }

        /** Adds a PROXY-protocol HTTPS listener with the test server certificate. */
        Builder https() {
            this.https = true;
            return this;
        }

        /** Turns on HTTP/2 (ALPN on HTTPS, h2c on HTTP). */
        Builder http2() {
            this.http2 = true;
            return this;
        }

        /** Adds an HTTP listener without the PROXY protocol. */
        Builder plainListener() {
            this.plainListener = true;
            return this;
        }

        /** Serves with {@code handler} alone (no {@link ProxyProtocolHandler}) instead of {@link WhoAmIHandler}. */
        Builder handler(HttpHandler handler) {
            this.handler = handler;
            return this;
        }

        TestServer start() {
            OptionMap proxyProtocol = options.getMap();
            WhoAmIHandler whoAmI = new WhoAmIHandler();
            BlockingQueue<String> accessLog = new LinkedBlockingQueue<>();
            HttpHandler served = new AccessLogHandler(
                    handler != null ? handler : new ProxyProtocolHandler(whoAmI),
                    accessLog::add,
                    "%a %A %p %U",
                    TestServer.class.getClassLoader());
            Undertow.Builder builder = Undertow.builder()
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, http2)
                    .setHandler(served)
                    .addListener(listener(Undertow.ListenerType.HTTP).setOverrideSocketOptions(proxyProtocol));
            if (https) {
                builder.addListener(listener(Undertow.ListenerType.HTTPS)
                        .setSslContext(TestCertificates.serverContext())
                        .setOverrideSocketOptions(proxyProtocol));
            }
            if (plainListener) {
                builder.addListener(listener(Undertow.ListenerType.HTTP));
            }
            ProxyProtocolWorker worker =
                    ProxyProtocolUndertow.enable(builder, OptionMap.create(Options.WORKER_IO_THREADS, 2));
            return new TestServer(builder.build(), worker, whoAmI, accessLog);
        }

        private static Undertow.ListenerBuilder listener(Undertow.ListenerType type) {
            return new Undertow.ListenerBuilder()
                    .setType(type)
                    .setHost("127.0.0.1")
                    .setPort(0);
        }
    }
}
