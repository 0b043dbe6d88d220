package io.github.proxyprotocol.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain TCP server on 127.0.0.1 that runs a handler per connection, for testing the helpers. */
final class TestServer implements AutoCloseable {

    interface Handler {
        void handle(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

    private TestServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> acceptLoop(handler), "test-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TestServer start(Handler handler) throws IOException {
        return new TestServer(handler);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next accepted connection, waiting at most 10 s. */
    Socket nextAccepted() throws InterruptedException {
        Socket socket = accepted.poll(10, TimeUnit.SECONDS);
        if (socket == null) {
            throw new AssertionError("no connection accepted within 10 s");
        }
        return socket;
    }

    List<Throwable> failures() {
        return failures;
    }

    private void acceptLoop(Handler handler) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            accepted.add(socket);
            Thread worker = new Thread(
                    () -> {
                        try (socket) {
                            socket.setSoTimeout(10_000);
                            handler.handle(socket);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    },
                    "test-server-connection");
            worker.setDaemon(true);
            worker.start();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** Reads up to and including LF, byte by byte (never past it); null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads request lines up to the empty line; returns the request line, or null at the end of the stream. */
    static String readRequestHead(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        String line;
        while ((line = readLine(in)) != null && !line.equals("\r\n")) {
            // headers are not needed
        }
        return requestLine.trim();
    }
}
