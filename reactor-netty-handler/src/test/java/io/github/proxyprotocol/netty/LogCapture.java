package io.github.proxyprotocol.netty;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects lines logged under a java.util.logging logger (Reactor's {@code Loggers} write there when SLF4J is absent,
 * as in these tests), from creation to {@link #close()}.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Predicate<LogRecord> filter;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String logger, Predicate<LogRecord> filter) {
        this.logger = Logger.getLogger(logger);
        this.filter = filter;
        this.logger.addHandler(this);
    }

    /** Every line of {@code logger}. */
    static LogCapture all(String logger) {
        return new LogCapture(logger, record -> true);
    }

    /** The warnings of {@code logger} that name one of {@code listeners}. */
    static LogCapture warnings(String logger, String... listeners) {
        return new LogCapture(
                logger,
                record -> record.getLevel().intValue() >= Level.WARNING.intValue()
                        && List.of(listeners).stream()
                                .anyMatch(name ->
                                        String.valueOf(record.getMessage()).contains(" " + name)));
    }

    /** The lines so far. */
    List<String> lines() {
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        if (filter.test(record)) {
            lines.add(record.getMessage());
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
