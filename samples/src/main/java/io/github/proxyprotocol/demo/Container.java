package io.github.proxyprotocol.demo;

import java.util.Locale;

/** The containers the demo runs (the servlet containers and Reactor Netty), in the order they take ports. */
public enum Container {
    TOMCAT,
    JETTY,
    UNDERTOW,
    NETTY;

    /** The name used on the command line, in the ready line and in the JSON: {@code tomcat}, {@code jetty}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Starts this container with the PROXY protocol on its listeners. */
    DemoServer start(ServerSettings settings) throws Exception {
        return switch (this) {
            case TOMCAT -> TomcatDemo.start(settings);
            case JETTY -> JettyDemo.start(settings);
            case UNDERTOW -> UndertowDemo.start(settings);
            case NETTY -> NettyDemo.start(settings);
        };
    }

    /** The container called {@code id}, or {@code null}. */
    static Container byId(String id) {
        for (Container container : values()) {
            if (container.id().equals(id)) {
                return container;
            }
        }
        return null;
    }
}
