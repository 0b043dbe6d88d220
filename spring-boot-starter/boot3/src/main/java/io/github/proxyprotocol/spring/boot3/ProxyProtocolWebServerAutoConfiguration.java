package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory;
import io.github.proxyprotocol.netty.ProxyProtocolHttpServer;
import io.github.proxyprotocol.spring.JettyProxyProtocolListeners;
import io.github.proxyprotocol.spring.ListenerSettings;
import io.github.proxyprotocol.spring.ProxyProtocolAutoConfiguration;
import io.github.proxyprotocol.spring.ReactorNettyProxyProtocolListeners;
import io.github.proxyprotocol.spring.SupportedWebServerCheck;
import io.github.proxyprotocol.spring.TomcatProxyProtocolListeners;
import io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol;
import io.github.proxyprotocol.undertow.ProxyProtocolUndertow;
import io.undertow.Undertow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.HttpServer;

/**
 * With {@code proxy-protocol.enabled=true}: makes Spring Boot 3's embedded Tomcat, Jetty or Undertow (servlet or
 * reactive), or Reactor Netty (WebFlux), read a PROXY protocol header on every connection of its connectors, with the {@code proxy-protocol.*}
 * settings. Any other embedded web server fails the start.
 */
@AutoConfiguration(after = ProxyProtocolAutoConfiguration.class)
@ConditionalOnBooleanProperty(ProxyProtocolAutoConfiguration.ENABLED)
public class ProxyProtocolWebServerAutoConfiguration {
    /** The web server factory types the customizers below take, with their servers' names. */
    private static final Map<String, String> SUPPORTED = supported();

    /** Fails the start on any other embedded web server. */
    @Bean
    SupportedWebServerCheck proxyProtocolSupportedWebServerCheck() {
        return new SupportedWebServerCheck("Spring Boot 3", SUPPORTED);
    }

    private static Map<String, String> supported() {
        Map<String, String> supported = new LinkedHashMap<>();
        supported.put("org.springframework.boot.web.embedded.tomcat.ConfigurableTomcatWebServerFactory", "Tomcat");
        supported.put("org.springframework.boot.web.embedded.jetty.ConfigurableJettyWebServerFactory", "Jetty");
        supported.put(
                "org.springframework.boot.web.embedded.undertow.ConfigurableUndertowWebServerFactory", "Undertow");
        supported.put("org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory", "Reactor Netty");
        return supported;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Tomcat.class, ProxyProtocolHttp11NioProtocol.class})
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
    @ConditionalOnClass({Server.class, TrustedProxyConnectionFactory.class})
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
    @ConditionalOnClass({Undertow.class, ProxyProtocolUndertow.class})
    static class UndertowConfiguration {
        @Bean
        UndertowProxyProtocolListeners undertowProxyProtocolListeners(ListenerSettings settings) {
            return new UndertowProxyProtocolListeners(settings);
        }

        @Bean
        UndertowProxyProtocolCustomizer undertowProxyProtocolCustomizer(
                UndertowProxyProtocolListeners listeners, ObjectProvider<ServerProperties> serverProperties) {
            return new UndertowProxyProtocolCustomizer(listeners, serverProperties);
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
