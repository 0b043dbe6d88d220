package io.github.proxyprotocol.common;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Passes at most a few lines per minute to a warning log, so that a flood of bad connections cannot fill the log;
 * the next line that passes says how many were left out. Thread safe.
 */
final class RateLimitedLog {
    /** Lines let through per window by default. */
    public static final int DEFAULT_LINES_PER_WINDOW = 10;
    /** The default window. */
    public static final long DEFAULT_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Consumer<String> sink;
    private final int linesPerWindow;
    private final long windowNanos;
    private final LongSupplier clock;

    private long windowStart;
    private int linesInWindow;
    private long suppressed;

    /** At most {@value #DEFAULT_LINES_PER_WINDOW} lines a minute. */
    public RateLimitedLog(Consumer<String> sink) {
        this(sink, DEFAULT_LINES_PER_WINDOW, DEFAULT_WINDOW_NANOS, System::nanoTime);
    }

    /** At most {@code linesPerWindow} lines per {@code windowNanos}, timed by {@code clock} (nanoseconds). */
    public RateLimitedLog(Consumer<String> sink, int linesPerWindow, long windowNanos, LongSupplier clock) {
        this.sink = sink;
        this.linesPerWindow = linesPerWindow;
        this.windowNanos = windowNanos;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** Logs the line unless this window's lines are spent; the line is only built if it is logged. */
    public void log(Supplier<String> line) {
        long left;
        synchronized (this) {
            long now = clock.getAsLong();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= linesPerWindow) {
                suppressed++;
                return;
            }
            linesInWindow++;
            left = suppressed;
            suppressed = 0;
        }
        String text = line.get();
        sink.accept(left == 0 ? text : text + " (" + left + " similar lines suppressed)");
    }
}
