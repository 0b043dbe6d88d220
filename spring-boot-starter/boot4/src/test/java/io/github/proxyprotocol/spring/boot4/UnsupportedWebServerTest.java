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

/** {@code proxy-protocol.enabled=true} on WebFlux's Reactor Netty, which the starter does not support. */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedWebServerTest {

    @Test
    void reactorNettyFailsTheStartWithAReport(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(NettyApplication.class)
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
                .contains("Description:\n\nproxy-protocol.enabled=true, but the embedded web server is Reactor Netty"
                        + " (org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory), which the PROXY"
                        + " protocol starter for Spring Boot 4 does not support: it supports Tomcat and Jetty only.")
                .contains("Action:\n\nRun the application on Tomcat or Jetty (with its Spring Boot starter in place of"
                        + " the current server's), or set proxy-protocol.enabled=false and have the PROXY protocol"
                        + " handled in front of the application.");
    }

    /** A WebFlux application on Reactor Netty, with the PROXY protocol's auto-configurations. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({
        NettyReactiveWebServerAutoConfiguration.class,
        ProxyProtocolAutoConfiguration.class,
        ProxyProtocolWebServerAutoConfiguration.class
    })
    static class NettyApplication {}
}
