package io.github.proxyprotocol.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 that puts a PROXY header in front of every connection: for each accepted
 * connection it connects to the backend, writes the header the {@link HeaderFactory} returns, then copies
 * bytes both ways until both sides are done (an end of stream is passed on as a half-close; an error or
 * {@link #close()} closes both sockets).
 *
 * <p>With it any real client (java.net.http.HttpClient with HTTP/2 over TLS, h2c, curl, a browser) can
 * talk to a server that expects the PROXY protocol:
 *
 * <pre>{@code
 * try (HeaderInjectingRelay relay = HeaderInjectingRelay.start(serverPort,
 *         (client, relayAddress) -> ("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n").getBytes(US_ASCII))) {
 *     httpClient.send(HttpRequest.newBuilder(URI.create("https://localhost:" + relay.port() + "/")).build(), ...);
 * }
 * }</pre>
 *
 * <p>All threads are daemons and end with {@link #close()}.
 */
public final class HeaderInjectingRelay implements AutoCloseable {

    /** Produces the bytes written to the backend before anything else, for one accepted connection. */
    @FunctionalInterface
    public interface HeaderFactory {

        /**
         * Returns the header for a connection.
         *
         * @param client the accepted connection's remote address (the real client)
         * @param relay the accepted connection's local address (the relay's)
         * @return the bytes to send first; empty to send none
         */
        byte[] header(InetSocketAddress client, InetSocketAddress relay);
    }

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER_SIZE = 16 * 1024;

    private final ServerSocket server;
    private final InetSocketAddress backend;
    private final HeaderFactory headerFactory;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private HeaderInjectingRelay(ServerSocket server, InetSocketAddress backend, HeaderFactory headerFactory) {
        this.server = server;
        this.backend = backend;
        this.headerFactory = headerFactory;
        this.acceptor = new Thread(this::acceptLoop, "relay-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Starts a relay on 127.0.0.1 (any free port) to {@code backend}. */
    public static HeaderInjectingRelay start(InetSocketAddress backend, HeaderFactory headerFactory) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the relay's server socket", e);
        }
        HeaderInjectingRelay relay = new HeaderInjectingRelay(server, backend, headerFactory);
        relay.acceptor.start();
        return relay;
    }

    /** Starts a relay on 127.0.0.1 (any free port) to {@code 127.0.0.1:backendPort}. */
    public static HeaderInjectingRelay start(int backendPort, HeaderFactory headerFactory) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), headerFactory);
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** The address clients connect to. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** How many connections the relay has accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Stops accepting, closes every relayed connection and waits for the accepting thread to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(HeaderInjectingRelay::closeQuietly);
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            track(client);
            if (closed) {
                closeQuietly(client);
                return;
            }
            daemon("relay-connect-" + client.getPort(), () -> relay(client)).start();
        }
    }

    private void relay(Socket client) {
        Socket target = new Socket();
        track(target);
        try {
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            target.connect(backend, CONNECT_TIMEOUT_MILLIS);
            byte[] header =
                    headerFactory.header((InetSocketAddress) client.getRemoteSocketAddress(), (InetSocketAddress)
                            client.getLocalSocketAddress());
            OutputStream out = target.getOutputStream();
            if (header != null && header.length > 0) {
                out.write(header);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            closeBoth(client, target);
            return;
        }
        AtomicInteger finished = new AtomicInteger();
        daemon("relay-to-client-" + client.getPort(), () -> pump(target, client, finished))
                .start();
        pump(client, target, finished);
    }

    /** Copies {@code from} to {@code to}; closes both once both directions are done or on any error. */
    private void pump(Socket from, Socket to, AtomicInteger finished) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
            if (finished.incrementAndGet() == 2) {
                closeBoth(from, to);
            }
        } catch (IOException e) {
            closeBoth(from, to);
        }
    }

    private void track(Socket socket) {
        sockets.add(socket);
        if (closed) {
            closeQuietly(socket);
        }
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "relay[" + address() + " -> " + backend + "]";
    }
}
