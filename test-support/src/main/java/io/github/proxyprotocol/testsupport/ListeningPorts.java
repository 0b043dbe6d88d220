package io.github.proxyprotocol.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Tells whether something listens on a TCP port. On Linux it reads the kernel's socket tables, so checking
 * makes no connection (a probe connection through HAProxy would reach the backend with a PROXY header of
 * its own); elsewhere it falls back to connecting to the loopback address.
 */
public final class ListeningPorts {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN_STATE = "0A";

    private ListeningPorts() {}

    /** Whether something listens on {@code port} (any local address, IPv4 or IPv6) right now. */
    public static boolean isListening(int port) {
        if (Files.isReadable(TABLES.get(0))) {
            for (Path table : TABLES) {
                if (Files.isReadable(table) && tableHasListener(table, port)) {
                    return true;
                }
            }
            return false;
        }
        return acceptsConnection(port);
    }

    /**
     * Waits until something listens on {@code port}, without connecting to it on Linux; fails after
     * {@code timeout}.
     */
    public static void awaitListening(int port, Duration timeout) {
        Await.until(timeout, "something listening on port " + port, () -> isListening(port));
    }

    private static boolean tableHasListener(Path table, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // "  sl  local_address rem_address   st ...", then e.g. "0: 0100007F:1F90 00000000:0000 0A ..."
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[3].equals(LISTEN_STATE)) {
                continue;
            }
            int colon = fields[1].lastIndexOf(':');
            if (colon > 0 && Integer.parseInt(fields[1].substring(colon + 1), 16) == port) {
                return true;
            }
        }
        return false;
    }

    private static boolean acceptsConnection(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
