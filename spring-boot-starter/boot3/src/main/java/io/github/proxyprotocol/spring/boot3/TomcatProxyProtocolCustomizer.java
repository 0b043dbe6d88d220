package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.TomcatProxyProtocolListeners;
import org.springframework.boot.web.embedded.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatReactiveWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Gives the embedded Tomcat's main connector the PROXY protocol handler and the application's settings. Connectors an
 * application adds itself keep their own protocol.
 */
public class TomcatProxyProtocolCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {
    private final TomcatProxyProtocolListeners listeners;

    public TomcatProxyProtocolCustomizer(TomcatProxyProtocolListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        // Spring Boot 3 has the protocol on each concrete factory; a connector without it fails in configure.
        if (factory instanceof TomcatServletWebServerFactory servlet) {
            servlet.setProtocol(TomcatProxyProtocolListeners.PROTOCOL);
        } else if (factory instanceof TomcatReactiveWebServerFactory reactive) {
            reactive.setProtocol(TomcatProxyProtocolListeners.PROTOCOL);
        }
        factory.addConnectorCustomizers(listeners::configure);
    }
}
