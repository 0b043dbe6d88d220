package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.scenarios.EmbeddedServerScenarios;

/** The scenarios on a WebFlux application on Reactor Netty (the test run has no servlet container or Spring MVC). */
class ReactorNettyEmbeddedServerTest extends EmbeddedServerScenarios {
    @Override
    protected String expectedServer() {
        return "netty";
    }
}
