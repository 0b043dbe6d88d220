package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.scenarios.EmbeddedServerScenarios;

/** The scenarios on Spring Boot 3.5 with Undertow 2.3 (the test run has no Tomcat or Jetty). */
class UndertowEmbeddedServerTest extends EmbeddedServerScenarios {
    @Override
    protected String expectedServer() {
        return "undertow";
    }
}
