package io.github.proxyprotocol.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code curl} binary. curl 7.88's {@code --haproxy-protocol} sends a PROXY protocol v1 header
 * with the connection's own addresses before the request.
 *
 * <pre>{@code
 * Curl.assumeAvailable();
 * Curl.Result result = Curl.haproxyProtocol("http://127.0.0.1:" + port + "/whoami");
 * assertEquals(0, result.exitCode(), result.stderr());
 * }</pre>
 */
public final class Curl {

    private static final ExternalTool TOOL = new ExternalTool("curl", Path.of("/usr/bin/curl"));
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HAPROXY_PROTOCOL_MAX_TIME = Duration.ofSeconds(10);

    private Curl() {}

    /** What a curl run ended with. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Whether curl exited with status 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Whether a curl executable was found (on the PATH, or /usr/bin/curl). */
    public static boolean isAvailable() {
        return TOOL.find().isPresent();
    }

    /** The curl executable, if found. */
    public static Optional<Path> executable() {
        return TOOL.find();
    }

    /**
     * Skips the calling test when curl is missing, or fails it when the system property {@code
     * proxyprotocol.requireHaproxy} or the environment variable {@code PROXY_PROTOCOL_REQUIRE_HAPROXY} is
     * {@code true} (the switch that requires the external tools).
     */
    public static void assumeAvailable() {
        TOOL.assumeAvailable("apt-get install curl");
    }

    /**
     * Runs {@code curl -sS --max-time 10 --haproxy-protocol [extraArgs...] url}: one request preceded by a PROXY
     * v1 header.
     */
    public static Result haproxyProtocol(String url, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "-sS", "--max-time", Long.toString(HAPROXY_PROTOCOL_MAX_TIME.toSeconds()), "--haproxy-protocol"));
        args.addAll(Arrays.asList(extraArgs));
        args.add(url);
        return run(DEFAULT_TIMEOUT, args);
    }

    /** Runs curl with {@code args}, killing it after 30 s. */
    public static Result run(String... args) {
        return run(DEFAULT_TIMEOUT, Arrays.asList(args));
    }

    /** Runs curl with {@code args}; kills it and throws {@link AssertionError} if it runs past {@code timeout}. */
    public static Result run(Duration timeout, List<String> args) {
        Path executable = TOOL.assumeAvailable("apt-get install curl");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        Path directory = null;
        try {
            directory = Files.createTempDirectory("curl-");
            Path stdout = directory.resolve("stdout");
            Path stderr = directory.resolve("stderr");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("curl did not finish within " + timeout + ": " + command + "\nstderr: "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(directory.resolve("stdout"));
            Files.deleteIfExists(directory.resolve("stderr"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a leftover temporary file is no reason to fail a test
        }
    }
}
