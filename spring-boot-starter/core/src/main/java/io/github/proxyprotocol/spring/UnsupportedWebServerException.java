package io.github.proxyprotocol.spring;

import java.util.List;

/**
 * {@code proxy-protocol.enabled=true} on an embedded web server the starter cannot give PROXY protocol listeners to:
 * the application would start, believing the balancer's connections came from the balancer itself.
 */
public class UnsupportedWebServerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String server;
    private final String starter;
    private final List<String> supported;

    /**
     * @param server the web server found, as the user knows it (with its factory's class)
     * @param starter the starter, e.g. "Spring Boot 4"
     * @param supported the servers this starter supports, e.g. Tomcat and Jetty
     */
    public UnsupportedWebServerException(String server, String starter, List<String> supported) {
        super(ProxyProtocolAutoConfiguration.ENABLED + "=true, but the embedded web server is " + server
                + ", which the PROXY protocol starter for " + starter + " does not support: it supports "
                + names(supported) + " only.");
        this.server = server;
        this.starter = starter;
        this.supported = List.copyOf(supported);
    }

    /** The web server found. */
    public String server() {
        return server;
    }

    /** The starter, e.g. "Spring Boot 4". */
    public String starter() {
        return starter;
    }

    /** The servers the starter supports. */
    public List<String> supported() {
        return supported;
    }

    /** "Tomcat", "Tomcat and Jetty", "Tomcat, Jetty and Undertow". */
    static String names(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
