package io.github.proxyprotocol.common;

/**
 * What a connection's peer may send, decided from its address before a byte is read. This is the "who may send a
 * header" table, in one place:
 *
 * <pre>
 * trusted proxy | direct client | mode
 * yes           | no            | REQUIRED: a valid header in time, else close
 * yes           | yes           | OPTIONAL: a header if the first bytes are a PROXY signature, else served directly
 * no            | yes           | DIRECT:   served with its own address; a PROXY header from it closes
 * no            | no            | REJECTED: closed at once, nothing read
 * </pre>
 */
public enum PeerMode {
    REQUIRED,
    OPTIONAL,
    DIRECT,
    REJECTED;

    /** The mode for a peer that is or is not a trusted proxy and is or is not a direct client. */
    public static PeerMode of(boolean trustedProxy, boolean directClient) {
        if (trustedProxy) {
            return directClient ? OPTIONAL : REQUIRED;
        }
        return directClient ? DIRECT : REJECTED;
    }
}
