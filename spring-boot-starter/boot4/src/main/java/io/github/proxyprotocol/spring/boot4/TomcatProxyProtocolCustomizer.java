package io.github.proxyprotocol.spring.boot4;

import io.github.proxyprotocol.spring.TomcatProxyProtocolListeners;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Gives the embedded Tomcat's main connector the PROXY protocol handler and the application's settings. Connectors an
 * application adds itself keep their own protocol.
 */
public class TomcatProxyProtocolCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory> {
    private final TomcatProxyProtocolListeners listeners;

    public TomcatProxyProtocolCustomizer(TomcatProxyProtocolListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        factory.setProtocol(TomcatProxyProtocolListeners.PROTOCOL);
        factory.addConnectorCustomizers(listeners::configure);
    }
}
