package io.github.proxyprotocol.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One in-process demo for the tests of this JVM: every container, HTTP and HTTPS on free ports of 127.0.0.1, the
 * default trusted proxies (127.0.0.1, ::1) and {@value #DIRECT_CLIENT} as a direct client. Started on first use,
 * stopped when the JVM exits.
 */
final class SharedDemo {
    /** A peer served without a header. */
    static final String DIRECT_CLIENT = "127.0.0.2";

    /** A peer neither trusted nor direct: closed at once. */
    static final String UNTRUSTED_PEER = "127.0.0.3";

    private static Demo demo;
    private static String readyLines;

    private SharedDemo() {}

    static synchronized Demo get() {
        if (demo == null) {
            QuietLogging.install();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                demo = Demo.start(
                        ServeOptions.parse(Arguments.parse(
                                List.of(
                                        "--host=127.0.0.1",
                                        "--port=0",
                                        "--tls-port=0",
                                        "--direct-clients=" + DIRECT_CLIENT),
                                ServeOptions.VALUE_OPTIONS,
                                ServeOptions.FLAGS)),
                        print);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the demo", e);
            }
            readyLines = out.toString(StandardCharsets.UTF_8);
            Demo started = demo;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-demo-stop"));
        }
        return demo;
    }

    /** What the shared demo printed as it started. */
    static synchronized String readyLines() {
        get();
        return readyLines;
    }

    static DemoServer server(Container container) {
        return get().server(container);
    }
}
