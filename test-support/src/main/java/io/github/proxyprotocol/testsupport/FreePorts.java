package io.github.proxyprotocol.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds TCP ports that nothing listens on, for servers and HAProxy frontends started by tests. */
public final class FreePorts {

    private FreePorts() {}

    /** Returns a port that is free on the loopback address (127.0.0.1) at the time of the call. */
    public static int find() {
        return find(InetAddress.getLoopbackAddress());
    }

    /** Returns a port that is free on {@code address} at the time of the call. */
    public static int find(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, 0), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address, e);
        }
    }
}
