package io.github.proxyprotocol.demo;

import java.util.OptionalInt;

/** One started container with its PROXY-protocol listeners. */
public interface DemoServer extends AutoCloseable {

    /** Which container this is. */
    Container container();

    /** The port the HTTP listener is bound to. */
    int httpPort();

    /** The port the HTTPS listener is bound to, if there is one. */
    OptionalInt httpsPort();

    /** Stops the container. */
    @Override
    void close();

    /** The line printed when the container is ready: {@code ready container=NAME http=PORT [https=PORT]}. */
    default String readyLine() {
        OptionalInt https = httpsPort();
        return "ready container=" + container().id() + " http=" + httpPort()
                + (https.isPresent() ? " https=" + https.getAsInt() : "");
    }
}
