package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.ReactorNettyProxyProtocolListeners;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Gives the embedded Reactor Netty server (Spring WebFlux) a PROXY protocol listener with the application's settings.
 * Runs last, so that its server customizer comes after the application's and Spring Boot's own. Once the server
 * has started, its port names the listener ({@code http-8080}) for the meters; a management server on a port of its
 * own has no listener.
 */
public class ReactorNettyProxyProtocolCustomizer
        implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>,
                ApplicationListener<WebServerInitializedEvent>,
                Ordered {
    private final ReactorNettyProxyProtocolListeners listeners;

    public ReactorNettyProxyProtocolCustomizer(ReactorNettyProxyProtocolListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(listeners::configure);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            listeners.started(event.getWebServer().getPort());
        }
    }
}
