package io.github.proxyprotocol.common;

/** The two PROXY protocol header formats: version 1 (text) and version 2 (binary). */
public enum ProtocolVersion {
    V1(1),
    V2(2);

    private final int number;

    ProtocolVersion(int number) {
        this.number = number;
    }

    /** The version number as written in settings and logs: 1 or 2. */
    public int number() {
        return number;
    }
}
