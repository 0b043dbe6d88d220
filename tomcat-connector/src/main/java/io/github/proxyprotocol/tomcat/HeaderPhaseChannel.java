package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;
import java.nio.ByteBuffer;

/** A Tomcat channel that starts each connection with a PROXY protocol {@link HeaderPhase}. */
interface HeaderPhaseChannel {
    /** This channel's phase, begun again for each connection the pooled channel carries. */
    HeaderPhase headerPhase();

    /**
     * The buffer the header is read into, in write mode: Tomcat's buffer for the connection's first bytes, where what
     * follows the header is left for HTTP or TLS.
     */
    ByteBuffer headerBuffer();
}
