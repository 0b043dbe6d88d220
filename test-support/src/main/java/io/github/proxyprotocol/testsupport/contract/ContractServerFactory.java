package io.github.proxyprotocol.testsupport.contract;

/** Starts a container line (Tomcat 11, Jetty 12.0...) for the contract suite, in the container's own idiom. */
@FunctionalInterface
public interface ContractServerFactory {
    /** A started container whose two listeners use {@code settings}. */
    ContractServer start(ContractSettings settings) throws Exception;
}
