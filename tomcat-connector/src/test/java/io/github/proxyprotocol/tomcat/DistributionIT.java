package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.Haproxy;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real distribution, as a user installs it: unpack the archive, drop the jars in {@code lib/}, set the connectors in
 * {@code conf/server.xml}, start with {@code catalina.sh}, send requests through HAProxy, read the answers of a small
 * webapp and the access log, and stop it.
 */
class DistributionIT {
    private static final String CLIENT = "127.0.0.2";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"tomcat-11.tar.gz", "tomcat-10.tar.gz"})
    void catalinaBehindHaproxy(String archive) throws Exception {
        Haproxy.assumeAvailable();
        Path home = unpack(Path.of(System.getProperty("tomcat.dists")).resolve(archive));
        install(home);
        int[] ports = distinctFreePorts(5);
        int http = ports[0];
        int https = ports[1];
        int shutdown = ports[2];
        Files.writeString(home.resolve("conf/server.xml"), serverXml(http, https, shutdown), StandardCharsets.UTF_8);

        catalina(home, "start");
        long pid = Long.parseLong(Files.readString(home.resolve("tomcat.pid")).trim());
        try {
            Path catalinaOut = home.resolve("logs/catalina.out");
            Await.until(START_TIMEOUT, "Tomcat started", () -> read(catalinaOut).contains("Server startup in"));
            assertThat(read(catalinaOut))
                    .contains("PROXY protocol on http-nio-127.0.0.1-" + http)
                    .contains("PROXY protocol on https-jsse-nio-127.0.0.1-" + https)
                    .doesNotContain("SEVERE");

            int httpFrontend = ports[3];
            int httpsFrontend = ports[4];
            try (Haproxy haproxy = Haproxy.start(haproxyConfig(httpFrontend, http, httpsFrontend, https))) {
                try (RawConnection client =
                        RawHttpClient.to(httpFrontend).from(CLIENT).connect()) {
                    Json json = Json.of(client.get("/whoami"));
                    assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
                    assertThat(json.getInt("remotePort"))
                            .isEqualTo(client.localAddress().getPort());
                    assertThat(json.getInt("localPort")).isEqualTo(httpFrontend);
                    assertThat(json.getInt("proxy.version")).isEqualTo(2);
                    assertThat(json.getString("peer")).startsWith("/127.0.0.1:");
                    awaitAccessLogLine(home, client);
                }
                try (RawConnection client = RawHttpClient.to(httpsFrontend)
                        .from(CLIENT)
                        .tls(TestCertificates.clientContext())
                        .connect()) {
                    Json json = Json.of(client.get("/whoami"));
                    assertThat(json.getString("remoteAddr")).isEqualTo(CLIENT);
                    assertThat(json.getInt("localPort")).isEqualTo(httpsFrontend);
                    assertThat(json.getBoolean("secure")).isTrue();
                    awaitAccessLogLine(home, client);
                }
            }
        } finally {
            catalina(home, "stop", "30", "-force");
        }
        Await.until(
                Duration.ofSeconds(30),
                "Tomcat stopped",
                () -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
    }

    /** Free ports, all different (each held open until all are found). */
    private static int[] distinctFreePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void awaitAccessLogLine(Path home, RawConnection client) {
        String expected = CLIENT + " " + CLIENT + " " + client.localAddress().getPort() + " 200 GET /whoami HTTP/1.1";
        Await.until(
                Duration.ofSeconds(5),
                "access log line " + expected,
                () -> read(home.resolve("logs/access.log")).lines().anyMatch(expected::equals));
    }

    private Path unpack(Path archive) throws Exception {
        run(work, List.of("tar", "-xzf", archive.toString(), "-C", work.toString()), Map.of());
        try (Stream<Path> entries = Files.list(work)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** The jars in lib/, and only the test webapp (ROOT, with the whoami servlet) in webapps/. */
    private static void install(Path home) throws IOException, URISyntaxException {
        Path connectorJar = Path.of(System.getProperty("tomcat.connectorJar"));
        Path commonJar = Path.of(System.getProperty("tomcat.dists")).resolve("proxy-protocol-common.jar");
        Files.copy(connectorJar, home.resolve("lib/proxy-protocol-tomcat.jar"));
        Files.copy(commonJar, home.resolve("lib/proxy-protocol-common.jar"));

        deleteRecursively(home.resolve("webapps"));
        Path webInf = Files.createDirectories(home.resolve("webapps/ROOT/WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <servlet>
                    <servlet-name>whoami</servlet-name>
                    <servlet-class>io.github.proxyprotocol.tomcat.WhoAmIServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>whoami</servlet-name>
                    <url-pattern>/whoami</url-pattern>
                  </servlet-mapping>
                </web-app>
                """, StandardCharsets.UTF_8);
        String classFile = WhoAmIServlet.class.getName().replace('.', '/') + ".class";
        Path testClasses = Path.of(WhoAmIServlet.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path target = webInf.resolve("classes").resolve(classFile);
        Files.createDirectories(target.getParent());
        Files.copy(testClasses.resolve(classFile), target);
    }

    private static String serverXml(int http, int https, int shutdown) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="%d" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector port="%d" address="127.0.0.1"
                               protocol="io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol"
                               proxyProtocolTrustedProxies="127.0.0.1/32"
                               proxyProtocolHeaderTimeout="3000"
                               connectionTimeout="20000" />
                    <Connector port="%d" address="127.0.0.1"
                               protocol="io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol"
                               proxyProtocolTrustedProxies="127.0.0.1/32"
                               SSLEnabled="true" maxThreads="50">
                      <UpgradeProtocol className="org.apache.coyote.http2.Http2Protocol" />
                      <SSLHostConfig>
                        <Certificate certificateKeystoreFile="%s" certificateKeystorePassword="%s"
                                     certificateKeystoreType="PKCS12" />
                      </SSLHostConfig>
                    </Connector>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false">
                        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="logs"
                               prefix="access" suffix=".log" fileDateFormat="" rotatable="false" buffered="false"
                               pattern="%%a %%h %%{remote}p %%s %%r" />
                      </Host>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(shutdown, http, https, TestCertificates.serverKeyStorePath(), TestCertificates.PASSWORD);
    }

    private static String haproxyConfig(int httpFrontend, int http, int httpsFrontend, int https) {
        return Haproxy.DEFAULTS + """
                frontend plain
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend tomcat_http
                backend tomcat_http
                  mode tcp
                  server tomcat 127.0.0.1:%d send-proxy-v2
                frontend passthrough
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend tomcat_https
                backend tomcat_https
                  mode tcp
                  server tomcat 127.0.0.1:%d send-proxy-v2
                """.formatted(httpFrontend, http, httpsFrontend, https);
    }

    private static void catalina(Path home, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin/catalina.sh").toString()));
        command.addAll(List.of(args));
        run(
                home,
                command,
                Map.of(
                        "CATALINA_HOME", home.toString(),
                        "CATALINA_BASE", home.toString(),
                        "CATALINA_PID", home.resolve("tomcat.pid").toString(),
                        "JAVA_HOME", System.getProperty("java.home")));
    }

    private static void run(Path directory, List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("command-output.txt").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        assertThat(process.exitValue())
                .as("%s: %s", command, read(directory.resolve("command-output.txt")))
                .isZero();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
