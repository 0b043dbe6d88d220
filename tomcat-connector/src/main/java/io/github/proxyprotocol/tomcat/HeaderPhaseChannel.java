package io.github.proxyprotocol.tomcat;

/** A Tomcat channel that starts each connection with a PROXY protocol {@link HeaderPhase}. */
interface HeaderPhaseChannel {
    /** This channel's phase, reused for each connection the pooled channel carries. */
    HeaderPhase headerPhase();
}
