package io.github.proxyprotocol.spring;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Stops the application when its embedded web server is none that the starter gives PROXY protocol listeners to
 * (Undertow on Spring Boot 4, or a server of its own, say): with {@code proxy-protocol.enabled=true} it would otherwise
 * start without reading any header. Runs on every {@link WebServerFactory} Spring Boot customizes; a server deployed
 * as a WAR has none and is not checked.
 */
public class SupportedWebServerCheck implements WebServerFactoryCustomizer<WebServerFactory> {
    private final String starter;
    private final Map<String, String> supported;

    /**
     * @param starter the starter, e.g. "Spring Boot 4"
     * @param supported the names of the web server factory types the starter's customizers take, each with its
     *     server's name, in the order to report them
     */
    public SupportedWebServerCheck(String starter, Map<String, String> supported) {
        this.starter = starter;
        this.supported = new LinkedHashMap<>(supported);
    }

    @Override
    public void customize(WebServerFactory factory) {
        Set<String> types = typeNames(factory.getClass());
        if (supported.keySet().stream().noneMatch(types::contains)) {
            throw new UnsupportedWebServerException(
                    serverName(factory.getClass()), starter, List.copyOf(supported.values()));
        }
    }

    /** The names of a class, its superclasses and every interface they implement. */
    private static Set<String> typeNames(Class<?> type) {
        Set<String> names = new HashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            if (names.add(next.getName())) {
                if (next.getSuperclass() != null) {
                    pending.add(next.getSuperclass());
                }
                pending.addAll(List.of(next.getInterfaces()));
            }
        }
        return names;
    }

    private static String serverName(Class<?> factory) {
        String name = factory.getName();
        String server;
        if (name.contains("Netty")) {
            server = "Reactor Netty";
        } else if (name.contains("Undertow")) {
            server = "Undertow";
        } else if (name.contains("Tomcat")) {
            server = "Tomcat";
        } else if (name.contains("Jetty")) {
            server = "Jetty";
        } else {
            return name;
        }
        return server + " (" + name + ")";
    }
}
