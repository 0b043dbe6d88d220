package io.github.proxyprotocol.common;

import java.io.IOException;
import java.util.Objects;

/** The one failure of the PROXY protocol phase of a connection: a {@link Reason} and a message fit for a log line. */
public final class ProxyProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public ProxyProtocolException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the connection is refused. */
    public Reason reason() {
        return reason;
    }

    /**
     * No stack trace: this exception reports bad input from the network, not a bug, and a flood of bad connections
     * must stay cheap.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return "ProxyProtocolException[" + reason.code() + "]: " + getMessage();
    }
}
