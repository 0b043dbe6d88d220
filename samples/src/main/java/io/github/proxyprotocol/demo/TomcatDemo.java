package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Embedded Tomcat with {@link ProxyProtocolHttp11NioProtocol} connectors, configured with Connector attributes as in
 * {@code server.xml}, serving {@link WhoAmIServlet}.
 */
final class TomcatDemo implements DemoServer {
    private final Tomcat tomcat;
    private final Connector http;
    private final Connector https;
    private final Path baseDir;

    private TomcatDemo(Tomcat tomcat, Connector http, Connector https, Path baseDir) {
        this.tomcat = tomcat;
        this.http = http;
        this.https = https;
        this.baseDir = baseDir;
    }

    static TomcatDemo start(ServerSettings settings) throws IOException, LifecycleException {
        Path baseDir = Files.createTempDirectory("proxy-protocol-demo-tomcat-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector http = connector(settings, settings.httpPort());
        tomcat.getService().addConnector(http);
        tomcat.setConnector(http);
        Connector https = null;
        if (settings.httpsPort().isPresent()) {
            https = connector(settings, settings.httpsPort().getAsInt());
            https.setSecure(true);
            https.setScheme("https");
            https.setProperty("SSLEnabled", "true");
            https.addSslHostConfig(sslHostConfig());
            tomcat.getService().addConnector(https);
        }
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // leak detection for redeployed web applications: nothing to detect here, and it needs --add-opens
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "whoami", new WhoAmIServlet(Container.TOMCAT.id()));
        context.addServletMappingDecoded(WhoAmI.PATH, "whoami");
        TomcatDemo demo = new TomcatDemo(tomcat, http, https, baseDir);
        try {
            tomcat.start();
            checkStarted(http);
            if (https != null) {
                checkStarted(https);
            }
        } catch (LifecycleException | RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    private static Connector connector(ServerSettings settings, int port) {
        Connector connector = new Connector(ProxyProtocolHttp11NioProtocol.class.getName());
        connector.setPort(port);
        connector.setProperty("address", settings.host());
        ((ProxyProtocolHttp11NioProtocol) connector.getProtocolHandler())
                .setProxyProtocolConfig(settings.proxyProtocol());
        return connector;
    }

    private static SSLHostConfig sslHostConfig() {
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(DemoCertificate.keyStore());
        certificate.setCertificateKeystorePassword(DemoCertificate.PASSWORD);
        certificate.setCertificateKeyAlias(DemoCertificate.ALIAS);
        host.addCertificate(certificate);
        return host;
    }

    /** Tomcat logs a connector that fails and carries on without it: the demo stops instead. */
    private static void checkStarted(Connector connector) {
        if (connector.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("its connector " + connector + " did not start (see the log above)");
        }
    }

    @Override
    public Container container() {
        return Container.TOMCAT;
    }

    @Override
    public int httpPort() {
        return http.getLocalPort();
    }

    @Override
    public OptionalInt httpsPort() {
        return https == null ? OptionalInt.empty() : OptionalInt.of(https.getLocalPort());
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot stop Tomcat", e);
        } finally {
            deleteBaseDir();
        }
    }

    private void deleteBaseDir() {
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is no reason to fail the shutdown
        }
    }
}
