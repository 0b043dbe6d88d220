package io.github.proxyprotocol.demo;

import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The demo's logging: every container logs through {@code java.util.logging} (Tomcat directly, Jetty through SLF4J,
 * Undertow through JBoss Logging), to standard error, one line per event, warnings and errors only, except the PROXY
 * protocol integrations, which also say at INFO how each listener is configured. Standard output keeps the ready
 * lines alone. A {@code java.util.logging.config.file} given by the user replaces all this.
 */
final class QuietLogging {
    private static final String PROXY_PROTOCOL_LOGGERS = "io.github.proxyprotocol";

    // java.util.logging keeps loggers weakly: this keeps the configured level alive
    private static Logger proxyProtocolLogger;

    private QuietLogging() {}

    static synchronized void install() {
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        root.addHandler(new StandardError());
        proxyProtocolLogger = Logger.getLogger(PROXY_PROTOCOL_LOGGERS);
        proxyProtocolLogger.setLevel(Level.INFO);
    }

    /**
     * Writes to standard error, flushing each line. Not a {@code ConsoleHandler}: Tomcat's logging replaces the
     * formatter of those.
     */
    private static final class StandardError extends StreamHandler {
        StandardError() {
            super(System.err, new OneLine());
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }

    /** {@code LEVEL Logger: message (exception; caused by cause)}, with the logger's simple name, on one line. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            StringBuilder line = new StringBuilder()
                    .append(record.getLevel().getName())
                    .append(' ')
                    .append(logger.substring(logger.lastIndexOf('.') + 1))
                    .append(": ")
                    .append(formatMessage(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                line.append(t == record.getThrown() ? " (" : "; caused by ").append(t);
                if (t.getCause() == null || t.getCause() == t) {
                    line.append(')');
                }
            }
            return line.append(System.lineSeparator()).toString();
        }
    }
}
