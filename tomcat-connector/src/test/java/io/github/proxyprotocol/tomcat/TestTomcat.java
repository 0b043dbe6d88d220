package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.coyote.http2.Http2Protocol;

/**
 * An embedded Tomcat on 127.0.0.1 (any free port) with one {@link ProxyProtocolHttp11NioProtocol} connector, the
 * {@link WhoAmIServlet} at {@code /whoami} and an access log ({@code %a %h %{remote}p %s %r}).
 */
final class TestTomcat implements AutoCloseable {
    /** The access log pattern: remote address, remote host, remote port, status, request line. */
    static final String ACCESS_LOG_PATTERN = "%a %h %{remote}p %s %r";

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path baseDir;

    private TestTomcat(Tomcat tomcat, Connector connector, Path baseDir) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.baseDir = baseDir;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Trusts 127.0.0.1, everything else as default. */
    static TestTomcat start() {
        return builder().start();
    }

    int port() {
        return connector.getLocalPort();
    }

    Connector connector() {
        return connector;
    }

    Tomcat tomcat() {
        return tomcat;
    }

    ProxyProtocolHttp11NioProtocol protocol() {
        return (ProxyProtocolHttp11NioProtocol) connector.getProtocolHandler();
    }

    ProxyProtocolMetrics metrics() {
        return protocol().getProxyProtocolGate().metrics();
    }

    /** The connector's name in log lines and JMX, e.g. {@code http-nio-127.0.0.1-auto-1}. */
    String name() {
        return protocol().getProxyProtocolGate().name();
    }

    /** The access log's lines so far. */
    List<String> accessLog() {
        try {
            Path log = baseDir.resolve("logs/access.log");
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (5 s at most) for an access log line matching {@code line}. */
    String awaitAccessLog(Predicate<String> line) {
        return Await.value(
                Duration.ofSeconds(5),
                () -> accessLog().stream().filter(line).findFirst().orElse(null));
    }

    /** An attribute of the connector's {@code ThreadPool} MBean (e.g. {@code currentThreadsBusy}), read over JMX. */
    Object threadPool(String attribute) {
        return jmx("ThreadPool", attribute);
    }

    /** An attribute of the connector's MBean of {@code type}, read over JMX. */
    Object jmx(String type, String attribute) {
        try {
            return ManagementFactory.getPlatformMBeanServer().getAttribute(objectName(type), attribute);
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

    /** The name of the connector's MBean of {@code type}: {@code Tomcat:type=...,name="http-nio-..."}. */
    ObjectName objectName(String type) {
        try {
            return new ObjectName(connector.getDomain() + ":type=" + type + ",name=" + ObjectName.quote(name()));
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the test Tomcat looks like. */
    static final class Builder {
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Valve> valves = new ArrayList<>();
        private boolean tls;
        private boolean http2;
        private boolean throwOnFailure;
        private ProxyProtocolConfig config;
        private Executor executor;

        private Builder() {
            attributes.put("proxyProtocolTrustedProxies", "127.0.0.1/32");
        }

        /** A Connector attribute, set with {@code Connector.setProperty}; {@code null} removes a default. */
        Builder attribute(String name, String value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        /** Gives the protocol a parsed config from code ({@code setProxyProtocolConfig}) besides any attributes. */
        Builder config(ProxyProtocolConfig parsed) {
            this.config = parsed;
            return this;
        }

        /** The connector's workers: an executor of the test's instead of the one Tomcat creates. */
        Builder executor(Executor workers) {
            this.executor = workers;
            return this;
        }

        Builder tls() {
            this.tls = true;
            return this;
        }

        Builder http2() {
            this.http2 = true;
            return this;
        }

        /** Makes a connector failure fail Tomcat's start (as {@code EXIT_ON_INIT_FAILURE=true} does standalone). */
        Builder throwOnFailure() {
            this.throwOnFailure = true;
            return this;
        }

        Builder valve(Valve valve) {
            valves.add(valve);
            return this;
        }

        /** Builds and starts Tomcat; fails if the connector did not start. */
        TestTomcat start() {
            TestTomcat started = startEvenIfConnectorFails();
            assertThat(started.connector.getStateName()).as("connector state").isEqualTo("STARTED");
            return started;
        }

        /** Builds and starts Tomcat, whatever becomes of the connector. */
        TestTomcat startEvenIfConnectorFails() {
            try {
                return startOrThrow();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Builds and starts Tomcat; throws what {@code Tomcat.start()} throws. */
        TestTomcat startOrThrow() throws LifecycleException {
            try {
                Path baseDir = Files.createTempDirectory("tomcat-proxy-protocol");
                baseDir.toFile().deleteOnExit();
                Tomcat tomcat = new Tomcat();
                tomcat.setBaseDir(baseDir.toString());
                Connector connector = new Connector(ProxyProtocolHttp11NioProtocol.class.getName());
                connector.setThrowOnFailure(throwOnFailure);
                connector.setPort(0);
                assertThat(connector.setProperty("address", "127.0.0.1")).isTrue();
                attributes.forEach((name, value) -> assertThat(connector.setProperty(name, value))
                        .as("Connector.setProperty(%s)", name)
                        .isTrue());
                if (config != null) {
                    ((ProxyProtocolHttp11NioProtocol) connector.getProtocolHandler()).setProxyProtocolConfig(config);
                }
                if (executor != null) {
                    connector.getProtocolHandler().setExecutor(executor);
                }
                if (tls) {
                    TestTls.configure(connector);
                }
                if (http2) {
                    connector.addUpgradeProtocol(new Http2Protocol());
                }
                tomcat.getService().addConnector(connector);
                tomcat.setConnector(connector);
                Context context = tomcat.addContext("", null);
                Tomcat.addServlet(context, "whoami", new WhoAmIServlet());
                context.addServletMappingDecoded("/whoami", "whoami");
                AccessLogValve accessLog = new AccessLogValve();
                accessLog.setDirectory(baseDir.resolve("logs").toString());
                accessLog.setPrefix("access");
                accessLog.setSuffix(".log");
                accessLog.setFileDateFormat("");
                accessLog.setRotatable(false);
                accessLog.setBuffered(false);
                accessLog.setPattern(ACCESS_LOG_PATTERN);
                for (Valve valve : valves) {
                    tomcat.getHost().getPipeline().addValve(valve);
                }
                tomcat.getHost().getPipeline().addValve(accessLog);
                TestTomcat started = new TestTomcat(tomcat, connector, baseDir);
                try {
                    tomcat.start();
                } catch (LifecycleException e) {
                    started.close();
                    throw e;
                }
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
