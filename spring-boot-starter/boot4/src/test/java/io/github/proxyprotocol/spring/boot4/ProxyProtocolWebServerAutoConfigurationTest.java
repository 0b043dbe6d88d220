package io.github.proxyprotocol.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.spring.JettyProxyProtocolListeners;
import io.github.proxyprotocol.spring.ProxyProtocolAutoConfiguration;
import io.github.proxyprotocol.spring.TomcatProxyProtocolListeners;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class ProxyProtocolWebServerAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ProxyProtocolAutoConfiguration.class, ProxyProtocolWebServerAutoConfiguration.class))
            .withPropertyValues("proxy-protocol.trusted-proxies=10.0.0.0/8");

    @Test
    void offUnlessEnabled() {
        runner.run(context -> assertThat(context)
                .doesNotHaveBean(TomcatProxyProtocolCustomizer.class)
                .doesNotHaveBean(JettyProxyProtocolCustomizer.class));
    }

    @Test
    void tomcatWhereTomcatIs() {
        runner.withPropertyValues("proxy-protocol.enabled=true")
                .withClassLoader(new FilteredClassLoader(Server.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(TomcatProxyProtocolCustomizer.class)
                        .hasSingleBean(TomcatProxyProtocolListeners.class)
                        .doesNotHaveBean(JettyProxyProtocolCustomizer.class));
    }

    @Test
    void jettyWhereJettyIs() {
        runner.withPropertyValues("proxy-protocol.enabled=true")
                .withClassLoader(new FilteredClassLoader(Tomcat.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(JettyProxyProtocolCustomizer.class)
                        .hasSingleBean(JettyProxyProtocolListeners.class)
                        .doesNotHaveBean(TomcatProxyProtocolCustomizer.class));
    }
}
