package io.github.proxyprotocol.benchmarks.e2e;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Optional changes to {@link E2eServer}'s containers, read from system properties. The end-to-end benchmark sets
 * none of them and runs the defaults; the idle-connection benchmark sets them:
 *
 * <ul>
 *   <li>{@code e2e.headerTimeoutMillis}: this project's header timeout (5000 ms by default);
 *   <li>{@code e2e.idleTimeoutMillis}: how long each container lets a connection that sends nothing stay open, on
 *       every port: Tomcat's {@code connectionTimeout} (60 s by default), Jetty's connector idle timeout (30 s),
 *       Undertow's {@code NO_REQUEST_TIMEOUT} (60 s) and Reactor Netty's idle timeout (none);
 *   <li>{@code e2e.maxConnections}: Tomcat's {@code maxConnections} (8192 by default, -1 for no limit); the other
 *       containers have no such limit by default;
 *   <li>{@code e2e.acceptQueue}: the listen backlog of every port: Tomcat's {@code acceptCount} (100 by default),
 *       Jetty's accept queue size (the JDK's 50), Undertow's {@code BACKLOG} (1000) and Reactor Netty's {@code
 *       SO_BACKLOG} (the system's {@code somaxconn}). The kernel caps it at {@code somaxconn}.
 * </ul>
 */
record ServerOverrides(
        OptionalLong headerTimeoutMillis,
        OptionalLong idleTimeoutMillis,
        OptionalInt maxConnections,
        OptionalInt acceptQueue) {
    /** Every setting at its default. */
    static final ServerOverrides NONE =
            new ServerOverrides(OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());

    static ServerOverrides fromSystemProperties() {
        return new ServerOverrides(
                longProperty("e2e.headerTimeoutMillis"),
                longProperty("e2e.idleTimeoutMillis"),
                intProperty("e2e.maxConnections"),
                intProperty("e2e.acceptQueue"));
    }

    private static OptionalLong longProperty(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.trim()));
    }

    private static OptionalInt intProperty(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.trim()));
    }

    @Override
    public String toString() {
        return "headerTimeoutMillis=" + text(headerTimeoutMillis) + " idleTimeoutMillis=" + text(idleTimeoutMillis)
                + " maxConnections=" + text(maxConnections) + " acceptQueue=" + text(acceptQueue);
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "default";
    }

    private static String text(OptionalInt value) {
        return value.isPresent() ? Integer.toString(value.getAsInt()) : "default";
    }
}
