package io.github.proxyprotocol.common;

/** Where a listener's log lines go: each integration passes its container's logger (JULI, SLF4J, JBoss Logging). */
@FunctionalInterface
public interface LogSink {
    /** Logs one line at warning level. */
    void warn(String line);
}
