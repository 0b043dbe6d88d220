package io.github.proxyprotocol.spring.scenarios;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking every few milliseconds: no fixed sleeps in the scenarios. */
final class Poll {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private Poll() {}

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + DEADLINE.toSeconds() + "s for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }
}
