package io.github.proxyprotocol.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code proxy-protocol.enabled=true}: binds and checks the {@code proxy-protocol.*} properties (a bad one stops
 * the application) and, where Micrometer is, publishes the listeners' metrics. The starters' web server
 * auto-configurations put the settings on the embedded server's connectors.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(ProxyProtocolAutoConfiguration.ENABLED)
@EnableConfigurationProperties(ProxyProtocolProperties.class)
public class ProxyProtocolAutoConfiguration {
    /** The property that turns the PROXY protocol on. */
    public static final String ENABLED = "proxy-protocol.enabled";

    @Bean
    ListenerSettings proxyProtocolListenerSettings(ProxyProtocolProperties properties) {
        return ListenerSettings.from(properties);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MetersConfiguration {
        @Bean
        ProxyProtocolMeters proxyProtocolMeters(
                ObjectProvider<MeterRegistry> registries, ObjectProvider<ProxyProtocolListeners> servers) {
            return new ProxyProtocolMeters(registries, servers);
        }
    }
}
