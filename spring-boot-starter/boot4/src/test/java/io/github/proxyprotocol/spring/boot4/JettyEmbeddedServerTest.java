package io.github.proxyprotocol.spring.boot4;

import io.github.proxyprotocol.spring.scenarios.EmbeddedServerScenarios;

/** The scenarios on Spring Boot 4 with Jetty 12.1 in place of Tomcat (the test run has no Tomcat). */
class JettyEmbeddedServerTest extends EmbeddedServerScenarios {
    @Override
    protected String expectedServer() {
        return "jetty";
    }
}
