package io.github.proxyprotocol.demo;

/** A command line the demo cannot run: an unknown option or a bad value, named in the message. Exit status 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    /** The usual message for a bad value: {@code Invalid value 'x' for --option: problem}. */
    static UsageException invalid(String option, String value, String problem) {
        return new UsageException("Invalid value '" + value + "' for " + option + ": " + problem);
    }
}
