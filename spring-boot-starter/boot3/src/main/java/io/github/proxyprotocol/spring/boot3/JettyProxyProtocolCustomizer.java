package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.JettyProxyProtocolListeners;
import org.springframework.boot.web.embedded.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/** Puts the PROXY protocol, with the application's settings, first on the embedded Jetty's network connectors. */
public class JettyProxyProtocolCustomizer implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> {
    private final JettyProxyProtocolListeners listeners;

    public JettyProxyProtocolCustomizer(JettyProxyProtocolListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void customize(ConfigurableJettyWebServerFactory factory) {
        factory.addServerCustomizers(listeners::configure);
    }
}
