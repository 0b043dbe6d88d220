package io.github.proxyprotocol.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The containers of one {@code serve} run, each announced by its ready line once it listens. */
public final class Demo implements AutoCloseable {
    private final List<DemoServer> servers;

    private Demo(List<DemoServer> servers) {
        this.servers = Collections.unmodifiableList(servers);
    }

    /**
     * Starts the containers side by side, printing each one's ready line to {@code out} as soon as it listens. If one
     * cannot start, the others are stopped.
     *
     * @throws StartException naming the (first) container that could not start
     */
    public static Demo start(ServeOptions options, PrintStream out) throws StartException {
        List<Container> containers = options.containers();
        ExecutorService starters = Executors.newFixedThreadPool(containers.size(), Demo::starterThread);
        List<Future<DemoServer>> starting = new ArrayList<>();
        try {
            for (int i = 0; i < containers.size(); i++) {
                Container container = containers.get(i);
                ServerSettings settings = options.serverSettings(i);
                starting.add(starters.submit(() -> announce(container.start(settings), out)));
            }
            List<DemoServer> started = new ArrayList<>();
            StartException failure = null;
            for (int i = 0; i < containers.size(); i++) {
                try {
                    started.add(starting.get(i).get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = new StartException(containers.get(i), options.serverSettings(i), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (failure == null) {
                        failure = new StartException(containers.get(i), options.serverSettings(i), e);
                    }
                }
            }
            if (failure != null) {
                closeAll(started);
                throw failure;
            }
            return new Demo(started);
        } finally {
            starters.shutdown();
        }
    }

    private static DemoServer announce(DemoServer server, PrintStream out) {
        synchronized (out) {
            out.println(server.readyLine());
            out.flush();
        }
        return server;
    }

    private static Thread starterThread(Runnable task) {
        Thread thread = new Thread(task, "demo-start");
        thread.setDaemon(true);
        return thread;
    }

    /** The started containers, in port order. */
    public List<DemoServer> servers() {
        return servers;
    }

    /** The started container {@code container}. */
    public DemoServer server(Container container) {
        return servers.stream()
                .filter(server -> server.container() == container)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(container.id() + " was not started"));
    }

    /** Stops every container, the last started first. */
    @Override
    public void close() {
        closeAll(new ArrayList<>(servers));
    }

    private static void closeAll(List<DemoServer> servers) {
        RuntimeException failure = null;
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A container that could not start, and why. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(Container container, ServerSettings settings, Throwable cause) {
            super(container.id() + " could not start on " + listeners(settings) + ": " + describe(cause), cause);
        }

        private static String listeners(ServerSettings settings) {
            String http = settings.httpPort() == 0 ? "any free port" : "port " + settings.httpPort();
            String https = settings.httpsPort().isEmpty()
                    ? ""
                    : settings.httpsPort().getAsInt() == 0
                            ? ", HTTPS any free port"
                            : ", HTTPS port " + settings.httpsPort().getAsInt();
            return settings.host() + " (HTTP " + http + https + ")";
        }

        private static String describe(Throwable cause) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = t.getMessage();
                if (message != null && !text.toString().contains(message)) {
                    text.append(text.length() == 0 ? "" : ": ").append(message);
                }
            }
            return text.length() == 0 ? cause.toString() : text.toString();
        }
    }
}
