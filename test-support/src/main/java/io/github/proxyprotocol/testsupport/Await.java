package io.github.proxyprotocol.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls until a deadline, so that tests never sleep for a fixed time to wait for an outcome. A failure is an
 * {@link AssertionError} that says what did not happen and how long the test waited.
 */
public final class Await {

    private static final long PAUSE_MILLIS = 10;

    private Await() {}

    /** Waits until {@code condition} holds; fails with {@code what} after {@code within}. */
    public static void until(Duration within, String what, BooleanSupplier condition) {
        until(within, () -> what, condition);
    }

    /**
     * Waits until {@code condition} holds; fails after {@code within} with the message {@code what} returns
     * then (it can describe the state at that moment).
     */
    public static void until(Duration within, Supplier<String> what, BooleanSupplier condition) {
        value(within, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Returns the first non-null result of {@code value}; fails after {@code within}. */
    public static <T> T value(Duration within, Supplier<T> value) {
        return value(within, () -> "no value", value);
    }

    /** Returns the first non-null result of {@code value}; fails with {@code what} after {@code within}. */
    public static <T> T value(Duration within, String what, Supplier<T> value) {
        return value(within, () -> what, value);
    }

    /**
     * Returns the first non-null result of {@code value}; fails after {@code within} with the message
     * {@code what} returns then.
     */
    public static <T> T value(Duration within, Supplier<String> what, Supplier<T> value) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T result = value.get();
            if (result != null) {
                return result;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + within + ": " + what.get());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
