package io.github.proxyprotocol.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an external program (haproxy, curl) and decides what a test does when it is missing: skip, or fail
 * when the build says the tools are required.
 */
final class ExternalTool {

    /** System property that makes a missing tool fail the test instead of skipping it. */
    static final String REQUIRE_PROPERTY = "proxyprotocol.requireHaproxy";

    /** Environment variable with the same meaning as {@link #REQUIRE_PROPERTY}. */
    static final String REQUIRE_ENVIRONMENT = "PROXY_PROTOCOL_REQUIRE_HAPROXY";

    private final String name;
    private final Path fallback;

    ExternalTool(String name, Path fallback) {
        this.name = name;
        this.fallback = fallback;
    }

    /** The executable: the first {@code name} on the PATH, else the fallback location, if executable. */
    Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return fallback != null && Files.isRegularFile(fallback) && Files.isExecutable(fallback)
                ? Optional.of(fallback)
                : Optional.empty();
    }

    /** Skips the calling test when the tool is missing, or fails it when tools are required. */
    Path assumeAvailable(String installHint) {
        Optional<Path> executable = find();
        if (executable.isPresent()) {
            return executable.get();
        }
        if (required()) {
            Assertions.fail(name + " is not installed (" + installHint + "), but " + REQUIRE_PROPERTY + "=true or "
                    + REQUIRE_ENVIRONMENT + "=true says the tests that need it must run");
        }
        Assumptions.abort(name + " is not installed (" + installHint + "); skipping");
        throw new AssertionError("unreachable");
    }

    /** Whether missing tools must fail tests, from the system property or the environment variable. */
    static boolean required() {
        return required(System.getProperty(REQUIRE_PROPERTY), System.getenv(REQUIRE_ENVIRONMENT));
    }

    static boolean required(String property, String environment) {
        return isTrue(property) || isTrue(environment);
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
