package io.github.proxyprotocol.tomcat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline: no fixed sleeps in timing assertions. */
final class Await {
    private Await() {}

    /** Polls {@code value} until it is non-null; fails after {@code within}. */
    static <T> T until(Duration within, Supplier<T> value) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T result = value.get();
            if (result != null) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing within " + within);
            }
            pause();
        }
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code within}. */
    static void until(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
