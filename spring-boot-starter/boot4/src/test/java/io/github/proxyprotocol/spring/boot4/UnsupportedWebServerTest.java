package io.github.proxyprotocol.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.spring.ProxyProtocolAutoConfiguration;
import io.github.proxyprotocol.spring.UnsupportedWebServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.reactive.AbstractReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * {@code proxy-protocol.enabled=true} on a web server the starter does not support: a reactive web server factory of
 * its own, standing for a server without a Spring Boot 4 integration of the starter's (Undertow, say).
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedWebServerTest {

    @Test
    void anUnsupportedServerFailsTheStartWithAReport(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(UnsupportedApplication.class)
                .web(WebApplicationType.REACTIVE)
                .registerShutdownHook(false)
                .properties(
                        "spring.main.banner-mode=off",
                        "server.address=127.0.0.1",
                        "server.port=0",
                        "proxy-protocol.enabled=true",
                        "proxy-protocol.trusted-proxies=10.0.0.0/8");

        assertThatThrownBy(application::run).hasRootCauseInstanceOf(UnsupportedWebServerException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains(
                        "Description:\n\nproxy-protocol.enabled=true, but the embedded web server is Undertow (io.github.proxyprotocol.spring.boot4.UnsupportedWebServerTest$UndertowWebServerFactory),"
                                + " which the PROXY protocol starter for Spring Boot 4 does not support: it supports"
                                + " Tomcat, Jetty and Reactor Netty only.")
                .contains("Action:\n\nRun the application on Tomcat, Jetty or Reactor Netty (with its Spring Boot"
                        + " starter in place of the current server's), or set proxy-protocol.enabled=false and have"
                        + " the PROXY protocol handled in front of the application.");
    }

    /** A reactive application whose web server factory is none the starter supports. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({
        NettyReactiveWebServerAutoConfiguration.class,
        ProxyProtocolAutoConfiguration.class,
        ProxyProtocolWebServerAutoConfiguration.class
    })
    static class UnsupportedApplication {
        @Bean
        UndertowWebServerFactory undertowWebServerFactory() {
            return new UndertowWebServerFactory();
        }
    }

    /** A web server factory the starter has no customizer for; the check stops the start before it is used. */
    static class UndertowWebServerFactory extends AbstractReactiveWebServerFactory {
        @Override
        public WebServer getWebServer(HttpHandler httpHandler) {
            throw new UnsupportedOperationException("not a real web server");
        }
    }
}
