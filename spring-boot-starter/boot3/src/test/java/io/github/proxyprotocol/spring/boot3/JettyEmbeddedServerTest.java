package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.scenarios.EmbeddedServerScenarios;

/** The scenarios on Spring Boot 3.5 with Jetty 12.0 (the test run has no Tomcat or Undertow). */
class JettyEmbeddedServerTest extends EmbeddedServerScenarios {
    @Override
    protected String expectedServer() {
        return "jetty";
    }
}
