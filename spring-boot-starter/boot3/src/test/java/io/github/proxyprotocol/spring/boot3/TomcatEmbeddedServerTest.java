package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.scenarios.EmbeddedServerScenarios;

/** The scenarios on Spring Boot 3.5 with Tomcat 10.1, the default server (the test run has no Jetty or Undertow). */
class TomcatEmbeddedServerTest extends EmbeddedServerScenarios {
    @Override
    protected String expectedServer() {
        return "tomcat";
    }
}
