package io.github.proxyprotocol.jetty;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline: the tests never sleep for a fixed time to wait for an outcome. */
final class Await {
    private Await() {}

    /** Returns the first non-null value of {@code value}, or fails with {@code message} after {@code timeout}. */
    static <T> T until(Supplier<T> value, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T result = value.get();
            if (result != null) {
                return result;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(message.get() + " (waited " + timeout + ")");
            }
            pause();
        }
    }

    /** Waits until {@code condition} holds, or fails with {@code message} after {@code timeout}. */
    static void until(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        until(() -> condition.getAsBoolean() ? Boolean.TRUE : null, timeout, message);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
