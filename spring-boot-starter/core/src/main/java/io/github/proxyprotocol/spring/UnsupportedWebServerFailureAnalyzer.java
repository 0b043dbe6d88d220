package io.github.proxyprotocol.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@code proxy-protocol.enabled=true} on a web server the starter does not support the Spring Boot way: the
 * server found, the ones supported, and what to change.
 */
public class UnsupportedWebServerFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedWebServerException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedWebServerException cause) {
        String supported = UnsupportedWebServerException.names(cause.supported());
        String action = "Run the application on " + supported.replace(" and ", " or ")
                + " (with its Spring Boot starter in place of the current server's), or set "
                + ProxyProtocolAutoConfiguration.ENABLED + "=false and have the PROXY protocol handled in front of"
                + " the application.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
