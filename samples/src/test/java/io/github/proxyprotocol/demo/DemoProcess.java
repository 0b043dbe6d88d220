package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The demo's executable jar run as a process ({@code java -jar}), with its standard output read line by line and its
 * standard error kept. The jar is the one {@code package} built (system property {@code demo.jar}).
 */
final class DemoProcess implements AutoCloseable {
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stdoutSeen = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private DemoProcess(Process process) {
        this.process = process;
        this.stdoutReader = pump(process.getInputStream(), line -> stdout.add(line), "demo-stdout");
        this.stderrReader =
                pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), "demo-stderr");
    }

    /** The executable jar. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("demo.jar", "target/proxy-protocol-demo.jar"));
        assertThat(jar).as("the demo jar (built by mvn package)").isRegularFile();
        return jar;
    }

    /** Starts {@code java -jar proxy-protocol-demo.jar args...}. */
    static DemoProcess start(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            return new DemoProcess(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    /** Runs {@code java -jar proxy-protocol-demo.jar args...} to its end (at most {@code timeout}). */
    static Finished run(Duration timeout, String... args) {
        try (DemoProcess demo = start(args)) {
            int status = demo.awaitExit(timeout);
            List<String> out = new ArrayList<>();
            demo.stdout.drainTo(out);
            out.remove(END);
            return new Finished(status, String.join("\n", out), demo.stderr());
        }
    }

    /** Waits (up to {@code timeout}) for the next {@code count} lines of standard output. */
    List<String> awaitLines(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        while (lines.size() < count) {
            String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                throw new AssertionError("got " + lines + " of " + count + " lines within " + timeout
                        + (line == null ? "" : " before the output ended") + "; standard error:\n" + stderr);
            }
            lines.add(line);
            stdoutSeen.add(line);
        }
        return lines;
    }

    /** Standard output lines not read yet, once the process has ended. */
    List<String> remainingLines() {
        List<String> rest = new ArrayList<>();
        stdout.drainTo(rest);
        rest.remove(END);
        return rest;
    }

    /** Standard error so far. */
    String stderr() {
        return stderr.toString();
    }

    /** Asks the process to stop (SIGTERM, as Ctrl+C or {@code kill} would) and waits for its exit status. */
    int stop(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the demo did not exit within " + timeout + "; standard error:\n" + stderr);
            }
            // the readers finish with the streams
            stdoutReader.join(timeout.toMillis());
            stderrReader.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Thread pump(InputStream stream, Consumer<String> sink, String name) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException e) {
                        // the process ended
                    } finally {
                        if (name.equals("demo-stdout")) {
                            stdout.add(END);
                        }
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String java() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /** A process that ended: its exit status and output. */
    record Finished(int status, String stdout, String stderr) {}
}
