package io.github.proxyprotocol.spring.boot4;

import io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory;
import io.github.proxyprotocol.netty.ProxyProtocolHttpServer;
import io.github.proxyprotocol.spring.JettyProxyProtocolListeners;
import io.github.proxyprotocol.spring.ListenerSettings;
import io.github.proxyprotocol.spring.ProxyProtocolAutoConfiguration;
import io.github.proxyprotocol.spring.ReactorNettyProxyProtocolListeners;
import io.github.proxyprotocol.spring.SupportedWebServerCheck;
import io.github.proxyprotocol.spring.TomcatProxyProtocolListeners;
import io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.JettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.HttpServer;

/**
 * With {@code proxy-protocol.enabled=true}: makes Spring Boot 4's embedded Tomcat or Jetty (servlet or reactive), or
 * Reactor Netty (WebFlux), read
 * a PROXY protocol header on every connection of its connectors, with the {@code proxy-protocol.*} settings. Any
 * other embedded web server fails the start.
 */
@AutoConfiguration(after = ProxyProtocolAutoConfiguration.class)
@ConditionalOnBooleanProperty(ProxyProtocolAutoConfiguration.ENABLED)
public class ProxyProtocolWebServerAutoConfiguration {

    /** Fails the start on any other embedded web server (Undertow, say). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.web.server.WebServerFactoryCustomizer")
    static class SupportedWebServerConfiguration {
        @Bean
        SupportedWebServerCheck proxyProtocolSupportedWebServerCheck() {
            Map<String, String> supported = new LinkedHashMap<>();
            supported.put("org.springframework.boot.tomcat.TomcatWebServerFactory", "Tomcat");
            supported.put("org.springframework.boot.jetty.ConfigurableJettyWebServerFactory", "Jetty");
            supported.put("org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory", "Reactor Netty");
            return new SupportedWebServerCheck("Spring Boot 4", supported);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Tomcat.class, TomcatWebServerFactory.class, ProxyProtocolHttp11NioProtocol.class})
    static class TomcatConfiguration {
        @Bean
        TomcatProxyProtocolListeners tomcatProxyProtocolListeners(ListenerSettings settings) {
            return new TomcatProxyProtocolListeners(settings);
        }

        @Bean
        TomcatProxyProtocolCustomizer tomcatProxyProtocolCustomizer(TomcatProxyProtocolListeners listeners) {
            return new TomcatProxyProtocolCustomizer(listeners);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Server.class, JettyWebServerFactory.class, TrustedProxyConnectionFactory.class})
    static class JettyConfiguration {
        @Bean
        JettyProxyProtocolListeners jettyProxyProtocolListeners(ListenerSettings settings) {
            return new JettyProxyProtocolListeners(settings);
        }

        @Bean
        JettyProxyProtocolCustomizer jettyProxyProtocolCustomizer(JettyProxyProtocolListeners listeners) {
            return new JettyProxyProtocolCustomizer(listeners);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HttpServer.class, NettyReactiveWebServerFactory.class, ProxyProtocolHttpServer.class})
    static class ReactorNettyConfiguration {
        @Bean
        ReactorNettyProxyProtocolListeners reactorNettyProxyProtocolListeners(ListenerSettings settings) {
            return new ReactorNettyProxyProtocolListeners(settings);
        }

        @Bean
        ReactorNettyProxyProtocolCustomizer reactorNettyProxyProtocolCustomizer(
                ReactorNettyProxyProtocolListeners listeners) {
            return new ReactorNettyProxyProtocolCustomizer(listeners);
        }
    }
}
