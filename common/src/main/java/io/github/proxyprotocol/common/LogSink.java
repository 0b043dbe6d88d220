package io.github.proxyprotocol.common;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where a listener's log lines go: each integration passes its container's logger (JULI, SLF4J, JBoss Logging).
 * Lines about refused connections are warnings, rate-limited by the listener; a peer that closes without a byte (a
 * health check) is a debug line.
 */
public interface LogSink {
    /** Logs one line at warning level. */
    void warn(String line);

    /** Logs one line at debug level, built only if debug is on. */
    void debug(Supplier<String> line);

    /** A sink that writes warnings to {@code warn} and, while {@code debugEnabled} says so, debug lines to {@code debug}. */
    static LogSink of(Consumer<String> warn, Consumer<String> debug, BooleanSupplier debugEnabled) {
        return new LogSink() {
            @Override
            public void warn(String line) {
                warn.accept(line);
            }

            @Override
            public void debug(Supplier<String> line) {
                if (debugEnabled.getAsBoolean()) {
                    debug.accept(line.get());
                }
            }
        };
    }

    /** A sink for warnings only; debug lines are dropped. */
    static LogSink warningsTo(Consumer<String> warn) {
        return of(warn, line -> {}, () -> false);
    }
}
