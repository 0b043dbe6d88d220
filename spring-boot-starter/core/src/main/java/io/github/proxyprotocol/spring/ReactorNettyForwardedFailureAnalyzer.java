package io.github.proxyprotocol.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a Reactor Netty {@code forwarded} function the PROXY protocol listener cannot keep, and what to do. */
public class ReactorNettyForwardedFailureAnalyzer extends AbstractFailureAnalyzer<ReactorNettyForwardedException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ReactorNettyForwardedException cause) {
        String action = "Set server.forward-headers-strategy=framework (Spring's ForwardedHeaderTransformer reads"
                + " Forwarded and X-Forwarded-* headers after the PROXY header's addresses are applied) or"
                + " server.forward-headers-strategy=none.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
