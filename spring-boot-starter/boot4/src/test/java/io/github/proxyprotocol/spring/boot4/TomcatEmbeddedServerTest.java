package io.github.proxyprotocol.spring.boot4;

import io.github.proxyprotocol.spring.scenarios.EmbeddedServerScenarios;

/** The scenarios on Spring Boot 4 with Tomcat 11, the default server (the test run has no Jetty). */
class TomcatEmbeddedServerTest extends EmbeddedServerScenarios {
    @Override
    protected String expectedServer() {
        return "tomcat";
    }
}
