package io.github.proxyprotocol.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real {@code haproxy} binary, run in the foreground with a configuration given by the test.
 *
 * <pre>{@code
 * Haproxy.assumeAvailable();
 * try (Haproxy haproxy = Haproxy.start(Haproxy.DEFAULTS + """
 *         frontend fe
 *           mode tcp
 *           bind 127.0.0.1:%d
 *           default_backend be
 *         backend be
 *           mode tcp
 *           server s1 127.0.0.1:%d send-proxy-v2
 *         """.formatted(frontendPort, serverPort))) {
 *     // connect to frontendPort
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once every port named in a {@code bind} line listens (checked without
 * connecting, so the backend sees no probe connection), and fails with HAProxy's output if it exits first.
 */
public final class Haproxy implements AutoCloseable {

    /** A {@code defaults} section with short timeouts, to put in front of a test's frontends and backends. */
    public static final String DEFAULTS = """
            defaults
              timeout connect 5s
              timeout client 30s
              timeout server 30s
            """;

    private static final ExternalTool TOOL = new ExternalTool("haproxy", Path.of("/usr/sbin/haproxy"));
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern BIND_LINE = Pattern.compile("^\\s*bind\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern PORT = Pattern.compile(":(\\d{1,5})$");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "haproxy-shutdown"));
    }

    private final Process process;
    private final Path directory;
    private final Path configFile;
    private final Path outputFile;
    private final List<Integer> frontendPorts;
    private volatile String finalOutput;

    private Haproxy(Process process, Path directory, Path configFile, Path outputFile, List<Integer> ports) {
        this.process = process;
        this.directory = directory;
        this.configFile = configFile;
        this.outputFile = outputFile;
        this.frontendPorts = ports;
    }

    /** Whether a haproxy executable was found (on the PATH, or /usr/sbin/haproxy). */
    public static boolean isAvailable() {
        return TOOL.find().isPresent();
    }

    /** The haproxy executable, if found. */
    public static Optional<Path> executable() {
        return TOOL.find();
    }

    /**
     * Skips the calling test when haproxy is missing, or fails it when the system property {@code
     * proxyprotocol.requireHaproxy} or the environment variable {@code PROXY_PROTOCOL_REQUIRE_HAPROXY} is
     * {@code true}.
     */
    public static void assumeAvailable() {
        TOOL.assumeAvailable("apt-get install haproxy");
    }

    /** Starts haproxy with {@code config} and waits (10 s at most) for the ports of its {@code bind} lines. */
    public static Haproxy start(String config) {
        return start(config, DEFAULT_START_TIMEOUT);
    }

    /** Starts haproxy with {@code config} and waits (up to {@code timeout}) for the ports of its bind lines. */
    public static Haproxy start(String config, Duration timeout) {
        Path executable = TOOL.assumeAvailable("apt-get install haproxy");
        List<Integer> ports = bindPorts(config);
        Path directory;
        Path configFile;
        Path outputFile;
        Process process;
        try {
            directory = Files.createTempDirectory("haproxy-");
            configFile = Files.writeString(directory.resolve("haproxy.cfg"), config, StandardCharsets.UTF_8);
            outputFile = directory.resolve("output.log");
            process = new ProcessBuilder(executable.toString(), "-db", "-f", configFile.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        RUNNING.add(process);
        Haproxy haproxy = new Haproxy(process, directory, configFile, outputFile, ports);
        haproxy.awaitListening(timeout);
        return haproxy;
    }

    /** The ports of the configuration's {@code bind} lines (unix sockets and port ranges left out). */
    static List<Integer> bindPorts(String config) {
        Set<Integer> ports = new LinkedHashSet<>();
        Matcher bind = BIND_LINE.matcher(config);
        while (bind.find()) {
            for (String address : bind.group(1).split(",")) {
                if (address.startsWith("/")
                        || address.startsWith("unix@")
                        || address.startsWith("abns@")
                        || address.startsWith("fd@")
                        || address.startsWith("sockpair@")
                        || address.startsWith("udp")
                        || address.startsWith("quic")) {
                    continue;
                }
                Matcher port = PORT.matcher(address);
                if (port.find()) {
                    ports.add(Integer.parseInt(port.group(1)));
                }
            }
        }
        return List.copyOf(ports);
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> waiting = new ArrayList<>(frontendPorts);
        try {
            while (true) {
                waiting.removeIf(ListeningPorts::isListening);
                if (waiting.isEmpty()) {
                    return;
                }
                if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    String output = output();
                    stop();
                    throw new IllegalStateException("haproxy exited with status " + process.exitValue()
                            + " before listening on " + waiting + "\n" + describe(output));
                }
                if (System.nanoTime() - deadline > 0) {
                    String output = output();
                    stop();
                    throw new IllegalStateException(
                            "haproxy did not listen on " + waiting + " within " + timeout + "\n" + describe(output));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while waiting for haproxy", e);
        }
    }

    private String describe(String output) {
        String config;
        try {
            config = Files.exists(configFile) ? Files.readString(configFile) : "(deleted)";
        } catch (IOException e) {
            config = "(unreadable: " + e + ")";
        }
        return "--- haproxy.cfg ---\n" + config + "\n--- output ---\n" + output;
    }

    /** The ports haproxy was waited for: those of the configuration's {@code bind} lines. */
    public List<Integer> frontendPorts() {
        return frontendPorts;
    }

    /** The temporary directory holding the configuration (removed by {@link #stop()}). */
    public Path directory() {
        return directory;
    }

    /** The configuration file haproxy runs with. */
    public Path configFile() {
        return configFile;
    }

    /** Whether the haproxy process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** All haproxy printed so far (standard output and error), for failure messages. */
    public String output() {
        String output = finalOutput;
        if (output != null) {
            return output;
        }
        try {
            return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** Stops haproxy (SIGTERM, then SIGKILL after 10 s), waits for it, and removes its temporary files. */
    public void stop() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(process);
            if (finalOutput == null) {
                finalOutput = output();
            }
            deleteDirectory();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void deleteDirectory() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> all = new ArrayList<>(files.toList());
            all.sort(Comparator.reverseOrder());
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temporary file is no reason to fail a test
        }
    }

    @Override
    public String toString() {
        return "haproxy[pid=" + process.pid() + ", ports=" + frontendPorts + "]";
    }
}
