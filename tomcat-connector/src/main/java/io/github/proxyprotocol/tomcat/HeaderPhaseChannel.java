package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.HeaderPhase;

/** A Tomcat channel that starts each connection with a PROXY protocol {@link HeaderPhase}. */
interface HeaderPhaseChannel {
    /** This channel's phase, begun again for each connection the pooled channel carries. */
    HeaderPhase headerPhase();
}
