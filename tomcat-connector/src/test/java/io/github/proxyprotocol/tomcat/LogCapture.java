package io.github.proxyprotocol.tomcat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the WARN (and worse) lines of a logger while open; JULI logs through java.util.logging. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Captures this module's loggers. */
    static LogCapture start() {
        return start("io.github.proxyprotocol.tomcat");
    }

    /** Captures the logger {@code name} and those below it. */
    static LogCapture start(String name) {
        LogCapture capture = new LogCapture(Logger.getLogger(name));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The warnings so far. */
    List<String> warnings() {
        return warnings;
    }

    /** The warnings so far that contain {@code text}, each with the messages of its exception's causes. */
    List<String> warningsContaining(String text) {
        return warnings.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
                line.append(" | ").append(cause);
            }
            warnings.add(line.toString());
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
