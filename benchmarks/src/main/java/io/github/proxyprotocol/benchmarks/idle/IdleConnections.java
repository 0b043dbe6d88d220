package io.github.proxyprotocol.benchmarks.idle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Locale;

/**
 * Connections to one port of 127.0.0.1 that never write, all watched by one selector on the calling thread: opened
 * at a fixed rate, watched until the server closes them (the end of the stream or a reset), and the rest closed by
 * the client at the same rate. Not thread-safe, except {@link #measured()}.
 */
final class IdleConnections {
    /** What became of a connection. */
    enum Outcome {
        OPEN,
        /** the server closed it: the end of the stream */
        EOF,
        /** the server reset it */
        RESET,
        /** still open at the end: the client closed it */
        BY_CLIENT,
        /** the connect failed */
        FAILED
    }

    private final InetSocketAddress address;
    private final int count;
    private final long intervalNanos;
    private final Selector selector;
    private final SocketChannel[] channels;
    private final long[] startedAt;
    private final long[] connectedAt;
    private final long[] closedAt;
    private final Outcome[] outcomes;
    private final boolean[] withData;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(4096);
    private long firstConnect;
    private long openingEnd;
    private int open;
    private int pendingConnects;
    private int openAtMeasure = -1;
    private volatile boolean measured;

    IdleConnections(int port, int count, double ratePerSecond) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.count = count;
        this.intervalNanos = (long) (1e9 / ratePerSecond);
        this.selector = Selector.open();
        this.channels = new SocketChannel[count];
        this.startedAt = new long[count];
        this.connectedAt = new long[count];
        this.closedAt = new long[count];
        this.outcomes = new Outcome[count];
        this.withData = new boolean[count];
        Arrays.fill(outcomes, Outcome.OPEN);
    }

    /** Starts every connect on schedule and returns when each has completed or failed. */
    void openAll() throws IOException {
        firstConnect = System.nanoTime();
        int started = 0;
        while (started < count || pendingConnects > 0) {
            long now = System.nanoTime();
            while (started < count && firstConnect + started * intervalNanos <= now) {
                start(started++);
            }
            select(started < count ? firstConnect + started * intervalNanos - now : -1);
        }
        openingEnd = System.nanoTime();
    }

    /** Called from any thread: the measurements are taken. */
    void measured() {
        measured = true;
        selector.wakeup();
    }

    /** Watches the connections until {@link #measured()}, then notes how many the server has not closed. */
    void watchUntilMeasured() throws IOException {
        while (!measured) {
            select(-1);
        }
        openAtMeasure = open;
    }

    /** Watches until the server has closed every connection, or until {@code waitNanos} after the last connect. */
    void watchUntilClosed(long waitNanos) throws IOException {
        long deadline = startedAt[count - 1] + waitNanos;
        for (long now = System.nanoTime(); open > 0 && now < deadline; now = System.nanoTime()) {
            select(deadline - now);
        }
    }

    /** Closes the connections still open, at the opening rate, still noting those the server closes meanwhile. */
    void closeRemaining() throws IOException {
        long start = System.nanoTime();
        int closing = 0;
        for (int i = 0; i < count; i++) {
            if (outcomes[i] != Outcome.OPEN) {
                continue;
            }
            long due = start + closing++ * intervalNanos;
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                select(due - now);
            }
            if (outcomes[i] == Outcome.OPEN) {
                closed(i, Outcome.BY_CLIENT);
            }
        }
        selector.close();
    }

    int opened() {
        return count - failed();
    }

    int failed() {
        return count(Outcome.FAILED);
    }

    int count(Outcome outcome) {
        int n = 0;
        for (Outcome o : outcomes) {
            if (o == outcome) {
                n++;
            }
        }
        return n;
    }

    int withData() {
        int n = 0;
        for (boolean data : withData) {
            if (data) {
                n++;
            }
        }
        return n;
    }

    double openingSeconds() {
        return (openingEnd - firstConnect) / 1e9;
    }

    int openAtMeasure() {
        return openAtMeasure;
    }

    /**
     * From the connect call to the close, of the connections the server closed. The server accepts a connection
     * after the call, so this is never shorter than the time the server kept it.
     */
    CloseTimes closeTimes() {
        long[] nanos = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (outcomes[i] == Outcome.EOF || outcomes[i] == Outcome.RESET) {
                nanos[n++] = closedAt[i] - startedAt[i];
            }
        }
        return new CloseTimes(Arrays.copyOf(nanos, n));
    }

    /**
     * One line per connection: when its connect was called (ms after the first), how long until the client saw the
     * connect complete, and how long from the call until the close.
     */
    String csv() {
        StringBuilder csv = new StringBuilder(count * 40);
        csv.append("connection,started_ms,connect_ms,closed_after_ms,outcome,data\n");
        for (int i = 0; i < count; i++) {
            csv.append(i)
                    .append(',')
                    .append(millis(startedAt[i] - firstConnect))
                    .append(',');
            if (outcomes[i] != Outcome.FAILED) {
                csv.append(millis(connectedAt[i] - startedAt[i])).append(',');
                csv.append(millis(closedAt[i] - startedAt[i]));
            } else {
                csv.append(',');
            }
            csv.append(',').append(outcomes[i].name().toLowerCase(Locale.ROOT));
            csv.append(',').append(withData[i] ? 1 : 0).append('\n');
        }
        return csv.toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private void start(int i) {
        startedAt[i] = System.nanoTime();
        try {
            SocketChannel channel = SocketChannel.open();
            channels[i] = channel;
            channel.configureBlocking(false);
            if (channel.connect(address)) {
                connected(i, channel.register(selector, SelectionKey.OP_READ, i));
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, i);
                pendingConnects++;
            }
        } catch (IOException e) {
            failed(i);
        }
    }

    private void connected(int i, SelectionKey key) {
        connectedAt[i] = System.nanoTime();
        open++;
        key.interestOps(SelectionKey.OP_READ);
    }

    private void failed(int i) {
        outcomes[i] = Outcome.FAILED;
        closeQuietly(i);
    }

    private void closed(int i, Outcome outcome) {
        closedAt[i] = System.nanoTime();
        outcomes[i] = outcome;
        open--;
        closeQuietly(i);
    }

    private void closeQuietly(int i) {
        if (channels[i] != null) {
            try {
                channels[i].close();
            } catch (IOException e) {
                // closing is all that is left to do with it
            }
            channels[i] = null;
        }
    }

    /** Waits for events at most {@code timeoutNanos} (forever if negative) and handles them. */
    private void select(long timeoutNanos) throws IOException {
        if (timeoutNanos < 0) {
            selector.select(this::handle);
        } else {
            selector.select(this::handle, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        }
    }

    private void handle(SelectionKey key) {
        int i = (Integer) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        if (key.isConnectable()) {
            pendingConnects--;
            try {
                if (channel.finishConnect()) {
                    connected(i, key);
                } else {
                    pendingConnects++;
                }
            } catch (IOException e) {
                failed(i);
            }
        } else if (key.isReadable()) {
            scratch.clear();
            try {
                int n = channel.read(scratch);
                if (n < 0) {
                    closed(i, Outcome.EOF);
                } else if (n > 0) {
                    withData[i] = true;
                }
            } catch (IOException e) {
                closed(i, Outcome.RESET);
            }
        }
    }
}
