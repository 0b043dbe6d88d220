package io.github.proxyprotocol.jetty;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.LoggerFactory;

/** Copies what Jetty's SLF4J binding prints (its standard-error appender) into a list of lines while open. */
final class LogCapture implements AutoCloseable {
    private final StdErrAppender appender;
    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        JettyLogger logger = (JettyLogger) LoggerFactory.getLogger(TrustedProxyConnectionFactory.class);
        appender = (StdErrAppender) logger.getAppender();
        original = appender.getStream();
        OutputStream printed = original != null ? original : System.err; // null: the appender prints to System.err
        appender.setStream(new PrintStream(new Tee(printed, captured), true, StandardCharsets.UTF_8));
    }

    /** The lines printed so far that contain {@code text}. */
    List<String> linesContaining(String text) {
        String all;
        synchronized (captured) {
            all = captured.toString(StandardCharsets.UTF_8);
        }
        List<String> lines = new ArrayList<>();
        for (String line : all.split("\n")) {
            if (line.contains(text)) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Override
    public void close() {
        appender.setStream(original);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            synchronized (second) {
                second.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
        }
    }
}
