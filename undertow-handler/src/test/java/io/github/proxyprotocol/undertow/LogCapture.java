package io.github.proxyprotocol.undertow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the WARN lines this module logs (JBoss Logging writes them to java.util.logging in the tests), from
 * creation to {@link #close()}.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.github.proxyprotocol.undertow");
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    /** The warnings so far. */
    List<String> warnings() {
        return warnings;
    }

    /** The warnings so far that contain {@code text}. */
    List<String> warningsContaining(String text) {
        return warnings.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getMessage());
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
