package io.github.proxyprotocol.jetty;

import static io.github.proxyprotocol.testsupport.TestHeaders.CLIENT_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Curl;
import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real jetty-home distributions (12.1 and 12.0): a jetty-base made with {@code start.jar --add-modules} from the
 * {@code -jetty-base.zip} bundle, a tiny handler module at {@code /whoami}, HAProxy in front of the http and https
 * connectors, curl as the client, and the request log checked.
 */
class JettyHomeIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    static Stream<String> versions() {
        return Arrays.stream(System.getProperty("jetty.homeVersions", "").split(","))
                .filter(version -> !version.isBlank());
    }

    @ParameterizedTest(name = "jetty-home {0}")
    @MethodSource("versions")
    void theModuleOnTheHttpAndHttpsConnectorsBehindHaproxy(String version, @TempDir Path base) throws Exception {
        Haproxy.assumeAvailable();
        Curl.assumeAvailable();
        JettyHome home = JettyHome.of(version);
        prepareBase(base);
        home.run(base, "--add-modules=http,https,http2,requestlog,proxy-protocol-trusted,whoami")
                .assertSucceeded();
        Path ini = base.resolve("start.d/proxy-protocol-trusted.ini");
        assertThat(Files.readString(ini))
                .contains("# jetty.proxyProtocol.trustedProxies=")
                .contains("# jetty.proxyProtocol.directClients=")
                .contains("# jetty.proxyProtocol.headerTimeout=5000")
                .contains("# jetty.proxyProtocol.versions=v1,v2")
                .contains("# jetty.proxyProtocol.maxHeaderSize=4096")
                .contains("# jetty.proxyProtocol.sslTlvSecure=true");
        Files.writeString(ini, "jetty.proxyProtocol.trustedProxies=127.0.0.1\n", StandardOpenOption.APPEND);
        int httpPort = FreePorts.find();
        int httpsPort = FreePorts.find();
        writeConnectorSettings(base, httpPort, httpsPort);

        try (JettyProcess jetty = home.start(base);
                Haproxy haproxy = startHaproxy(httpPort, httpsPort)) {
            jetty.awaitStarted();
            int v1Frontend = haproxy.frontendPorts().get(0);
            int passthroughFrontend = haproxy.frontendPorts().get(1);
            String ca = TestCertificates.serverCertificatePem().toString();

            Map<String, String> http = curl("http://127.0.0.1:" + v1Frontend + "/whoami/http");
            Map<String, String> https =
                    curl("--http1.1", "--cacert", ca, "https://localhost:" + passthroughFrontend + "/whoami/https");
            Map<String, String> h2 =
                    curl("--http2", "--cacert", ca, "https://localhost:" + passthroughFrontend + "/whoami/h2");
            Curl.Result direct = Curl.run("-sS", "--max-time", "10", "http://127.0.0.1:" + httpPort + "/whoami");

            assertThat(http)
                    .containsEntry("remoteAddr", CLIENT_IP)
                    .containsEntry("header", "v1 PROXY")
                    .containsEntry("secure", "false");
            assertThat(https)
                    .containsEntry("remoteAddr", CLIENT_IP)
                    .containsEntry("header", "v2 PROXY")
                    .containsEntry("secure", "true")
                    .containsEntry("protocol", "HTTP/1.1");
            assertThat(h2).containsEntry("remoteAddr", CLIENT_IP).containsEntry("protocol", "HTTP/2.0");
            assertThat(direct.exitCode())
                    .as("no header from a trusted proxy: closed")
                    .isNotZero();
            assertThat(direct.stdout()).isEmpty();
            for (String path : List.of("/whoami/http", "/whoami/https", "/whoami/h2")) {
                String line = Await.value(
                        Duration.ofSeconds(10),
                        () -> "no request log line for " + path + " in " + requestLogLines(base),
                        () -> requestLogLine(base, path));
                assertThat(line).startsWith(CLIENT_IP + " ");
            }
            Await.until(
                    Duration.ofSeconds(10),
                    () -> "no rejection logged:\n" + jetty.output(),
                    () -> jetty.output().contains("PROXY protocol: closed connection from /127.0.0.1:"));
        }
    }

    @ParameterizedTest(name = "jetty-home {0}")
    @MethodSource("versions")
    void theSampleJettyBase(String version, @TempDir Path base) throws Exception {
        Curl.assumeAvailable();
        JettyHome home = JettyHome.of(version);
        Path samples = Path.of(System.getProperty("jetty.samples"), "jetty-base", "start.d");
        assertThat(samples).as("the sample start.d").isDirectory();
        unzip(Path.of(System.getProperty("jetty.baseBundle")), base);
        Files.createDirectories(base.resolve("start.d"));
        try (Stream<Path> inis = Files.list(samples)) {
            for (Path ini : inis.toList()) {
                Files.copy(ini, base.resolve("start.d").resolve(ini.getFileName()));
            }
        }
        Files.copy(TestCertificates.serverKeyStorePath(), base.resolve("etc/keystore.p12"));
        home.run(base, "--create-files").assertSucceeded();
        int httpPort = FreePorts.find();
        int httpsPort = FreePorts.find();

        try (JettyProcess jetty = home.start(base, "jetty.http.port=" + httpPort, "jetty.ssl.port=" + httpsPort)) {
            jetty.awaitStarted();
            Curl.Result http = Curl.haproxyProtocol("http://127.0.0.1:" + httpPort + "/sample-http");
            Curl.Result https = Curl.haproxyProtocol(
                    "https://localhost:" + httpsPort + "/sample-https",
                    "--cacert",
                    TestCertificates.serverCertificatePem().toString());

            assertThat(http.exitCode()).as(http.stderr()).isZero();
            assertThat(https.exitCode()).as(https.stderr()).isZero();
            for (String path : List.of("/sample-http", "/sample-https")) {
                String line = Await.value(
                        Duration.ofSeconds(10),
                        () -> "no request log line for " + path + " in " + requestLogLines(base) + "\n"
                                + jetty.output(),
                        () -> requestLogLine(base, path));
                assertThat(line).matches("127\\.0\\.0\\.1:\\d+ - .*");
            }
            assertThat(jetty.output()).contains("headerTimeout=3000ms");
        }
    }

    @ParameterizedTest(name = "jetty-home {0}")
    @MethodSource("versions")
    void aBadOrMissingPropertyFailsTheStartNamingIt(String version, @TempDir Path base) throws Exception {
        JettyHome home = JettyHome.of(version);
        prepareBase(base);
        home.run(base, "--add-modules=http,proxy-protocol-trusted").assertSucceeded();
        String port = "jetty.http.port=" + FreePorts.find();

        Finished missing = home.run(base, port);
        Finished bad = home.run(
                base, port, "jetty.proxyProtocol.trustedProxies=127.0.0.1", "jetty.proxyProtocol.headerTimeout=soon");

        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).contains("jetty.proxyProtocol.trustedProxies must be set");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("Invalid value 'soon' for jetty.proxyProtocol.headerTimeout");
    }

    private static Map<String, String> curl(String... args) {
        List<String> all = new ArrayList<>(List.of("-sS", "--max-time", "10"));
        all.addAll(List.of(args));
        Curl.Result result = Curl.run(all.toArray(String[]::new));
        assertThat(result.exitCode()).as("curl %s: %s", all, result.stderr()).isZero();
        return WhoAmIHandler.parse(result.stdout());
    }

    private static Haproxy startHaproxy(int httpPort, int httpsPort) {
        return Haproxy.start(
                Haproxy.DEFAULTS + """
                frontend http_v1
                  mode tcp
                  bind 127.0.0.1:%1$d
                  tcp-request connection set-src ipv4(%3$s)
                  default_backend jetty_http
                frontend tls_passthrough_v2
                  mode tcp
                  bind 127.0.0.1:%2$d
                  tcp-request connection set-src ipv4(%3$s)
                  default_backend jetty_https
                backend jetty_http
                  mode tcp
                  server jetty 127.0.0.1:%4$d send-proxy
                backend jetty_https
                  mode tcp
                  server jetty 127.0.0.1:%5$d send-proxy-v2
                """.formatted(FreePorts.find(), FreePorts.find(), CLIENT_IP, httpPort, httpsPort));
    }

    /** Unzips the bundle (module, XML, jars) and adds the keystore and a {@code whoami} module for the test. */
    private static void prepareBase(Path base) throws IOException {
        unzip(Path.of(System.getProperty("jetty.baseBundle")), base);
        Files.createDirectories(base.resolve("modules"));
        Files.createDirectories(base.resolve("etc"));
        Files.createDirectories(base.resolve("lib/whoami"));
        Files.copy(TestCertificates.serverKeyStorePath(), base.resolve("etc/test-keystore.p12"));
        Files.writeString(base.resolve("modules/whoami.mod"), """
                [description]
                A test handler answering /whoami with what it saw of the connection.

                [depend]
                server

                [lib]
                lib/whoami/*.jar

                [xml]
                etc/whoami.xml
                """);
        Files.writeString(base.resolve("etc/whoami.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure id="Contexts" class="org.eclipse.jetty.server.handler.ContextHandlerCollection">
                  <Call name="addHandler">
                    <Arg>
                      <New class="org.eclipse.jetty.server.handler.ContextHandler">
                        <Arg><New class="io.github.proxyprotocol.jetty.WhoAmIHandler"/></Arg>
                        <Arg>/whoami</Arg>
                      </New>
                    </Arg>
                  </Call>
                </Configure>
                """);
        writeHandlerJar(base.resolve("lib/whoami/whoami.jar"));
    }

    private static void writeConnectorSettings(Path base, int httpPort, int httpsPort) throws IOException {
        Files.writeString(base.resolve("start.d/test-connectors.ini"), """
                jetty.http.host=127.0.0.1
                jetty.http.port=%d
                jetty.ssl.host=127.0.0.1
                jetty.ssl.port=%d
                jetty.sslContext.keyStorePath=etc/test-keystore.p12
                jetty.sslContext.keyStoreType=PKCS12
                jetty.sslContext.keyStorePassword=%s
                jetty.sslContext.keyManagerPassword=%s
                """.formatted(
                        httpPort, httpsPort, TestCertificates.PASSWORD, TestCertificates.PASSWORD));
    }

    private static void writeHandlerJar(Path jar) throws IOException {
        Path classes;
        try {
            classes = Path.of(WhoAmIHandler.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        String name = WhoAmIHandler.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(name));
            out.write(Files.readAllBytes(classes.resolve(name)));
            out.closeEntry();
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream file = Files.newInputStream(zip);
                ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
    }

    private static String requestLogLine(Path base, String path) {
        return requestLogLines(base).stream()
                .filter(line -> line.contains(" " + path + " "))
                .findFirst()
                .orElse(null);
    }

    private static List<String> requestLogLines(Path base) {
        Path logs = base.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".request.log")).toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** An unpacked jetty-home. */
    private record JettyHome(Path directory) {
        static JettyHome of(String version) {
            Path directory = Path.of(System.getProperty("jetty.homes"), "jetty-home-" + version);
            assertThat(directory.resolve("start.jar"))
                    .as("unpacked jetty-home " + version)
                    .exists();
            return new JettyHome(directory);
        }

        private List<String> command(Path base, String... args) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    directory.resolve("start.jar").toString(),
                    "jetty.home=" + directory,
                    "jetty.base=" + base));
            command.addAll(List.of(args));
            return command;
        }

        /** Runs start.jar to its end (a command, or a start that fails). */
        Finished run(Path base, String... args) throws IOException, InterruptedException {
            Path output = Files.createTempFile(base, "start-", ".log");
            Process process = new ProcessBuilder(command(base, args))
                    .directory(base.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("start.jar " + List.of(args) + " still running after " + START_TIMEOUT + ":\n"
                        + Files.readString(output));
            }
            return new Finished(process.exitValue(), Files.readString(output));
        }

        /** Starts the server of {@code base} in the background. */
        JettyProcess start(Path base, String... args) throws IOException {
            Path output = Files.createTempFile(base, "jetty-", ".log");
            Process process = new ProcessBuilder(command(base, args))
                    .directory(base.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new JettyProcess(process, output);
        }
    }

    private record Finished(int exitCode, String output) {
        Finished assertSucceeded() {
            assertThat(exitCode).as(output).isZero();
            return this;
        }
    }

    private record JettyProcess(Process process, Path outputFile) implements AutoCloseable {
        String output() {
            try {
                return Files.readString(outputFile);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        /** Waits for the line Jetty logs once every connector listens. */
        void awaitStarted() {
            Await.until(START_TIMEOUT, () -> "Jetty did not start:\n" + output(), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("Jetty exited with " + process.exitValue() + ":\n" + output());
                }
                return output().contains("Started oejs.Server@");
            });
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
