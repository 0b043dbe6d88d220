package io.github.proxyprotocol.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test key material (see {@code certs/README.md} next to this class): a self-signed server certificate
 * for {@code CN=localhost} (SAN {@code DNS:localhost}, {@code IP:127.0.0.1}, {@code IP:::1}) and a client
 * certificate {@code CN=test-client} signed by a test CA.
 *
 * <p>Gives ready {@link SSLContext}s for Java servers and clients, the PKCS12 stores as bytes or files, and
 * the PEM files HAProxy and curl need. Files are copied from the class path to one temporary directory on
 * first use and deleted when the JVM exits. Every password is {@value #PASSWORD}.
 */
public final class TestCertificates {

    /** The password of every keystore and key. */
    public static final String PASSWORD = "changeit";

    /** The alias of the server key in the server keystore. */
    public static final String SERVER_ALIAS = "server";

    /** The alias of the client key in the client keystore. */
    public static final String CLIENT_ALIAS = "client";

    /** The common name of the server certificate. */
    public static final String SERVER_CN = "localhost";

    /** The common name of the client certificate. */
    public static final String CLIENT_CN = "test-client";

    private static final String RESOURCE_DIRECTORY = "certs/";
    private static final String SERVER_KEYSTORE = "keystore.p12";
    private static final String CLIENT_KEYSTORE = "client.p12";
    private static final String TRUSTSTORE = "truststore.p12";
    private static final String SERVER_PEM = "server.pem";
    private static final String SERVER_CERT_PEM = "server-cert.pem";
    private static final String CA_PEM = "ca.pem";
    private static final String CLIENT_PEM = "client.pem";
    private static final List<String> FILES =
            List.of(SERVER_KEYSTORE, CLIENT_KEYSTORE, TRUSTSTORE, SERVER_PEM, SERVER_CERT_PEM, CA_PEM, CLIENT_PEM);

    private static Path directory;
    private static KeyManager[] serverKeyManagers;
    private static KeyManager[] clientKeyManagers;
    private static TrustManager[] trustManagers;

    private TestCertificates() {}

    /** A new server context presenting the server certificate and trusting the test CA (for client certificates). */
    public static SSLContext serverContext() {
        return context(serverKeyManagers());
    }

    /** A new client context that trusts the server certificate and presents no certificate. */
    public static SSLContext clientContext() {
        return context(null);
    }

    /** A new client context that trusts the server certificate and presents the client certificate. */
    public static SSLContext clientContextWithCertificate() {
        return context(clientKeyManagers());
    }

    /** The server keystore (PKCS12, alias {@value #SERVER_ALIAS}). */
    public static KeyStore serverKeyStore() {
        return load(SERVER_KEYSTORE);
    }

    /** The client keystore (PKCS12, alias {@value #CLIENT_ALIAS}, with the CA certificate in its chain). */
    public static KeyStore clientKeyStore() {
        return load(CLIENT_KEYSTORE);
    }

    /** The truststore (PKCS12): the server certificate (alias {@code server}) and the CA ({@code test-ca}). */
    public static KeyStore trustStore() {
        return load(TRUSTSTORE);
    }

    /** The server keystore's bytes (PKCS12). */
    public static byte[] serverKeyStoreBytes() {
        return resource(SERVER_KEYSTORE);
    }

    /** The truststore's bytes (PKCS12). */
    public static byte[] trustStoreBytes() {
        return resource(TRUSTSTORE);
    }

    /** The server keystore as a file (PKCS12), for servers configured with a path. */
    public static Path serverKeyStorePath() {
        return file(SERVER_KEYSTORE);
    }

    /** The client keystore as a file (PKCS12). */
    public static Path clientKeyStorePath() {
        return file(CLIENT_KEYSTORE);
    }

    /** The truststore as a file (PKCS12). */
    public static Path trustStorePath() {
        return file(TRUSTSTORE);
    }

    /** The server certificate followed by its key (PEM), for HAProxy's {@code bind ... ssl crt}. */
    public static Path serverPem() {
        return file(SERVER_PEM);
    }

    /** The server certificate alone (PEM), for {@code curl --cacert}. */
    public static Path serverCertificatePem() {
        return file(SERVER_CERT_PEM);
    }

    /** The test CA certificate (PEM), for HAProxy's {@code ca-file}. */
    public static Path caPem() {
        return file(CA_PEM);
    }

    /** The client certificate followed by its key (PEM), for {@code curl --cert}. */
    public static Path clientPem() {
        return file(CLIENT_PEM);
    }

    /** The temporary directory holding every file of this class. */
    public static synchronized Path directory() {
        if (directory == null) {
            try {
                Path created = Files.createTempDirectory("proxy-protocol-certs-");
                created.toFile().deleteOnExit();
                for (String name : FILES) {
                    Path target = created.resolve(name);
                    Files.write(target, resource(name));
                    target.toFile().deleteOnExit();
                }
                directory = created;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the test certificates", e);
            }
        }
        return directory;
    }

    /** The server certificate. */
    public static X509Certificate serverCertificate() {
        return certificate(serverKeyStore(), SERVER_ALIAS);
    }

    /** The client certificate. */
    public static X509Certificate clientCertificate() {
        return certificate(clientKeyStore(), CLIENT_ALIAS);
    }

    private static Path file(String name) {
        return directory().resolve(name);
    }

    private static X509Certificate certificate(KeyStore store, String alias) {
        try {
            return (X509Certificate) store.getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context(KeyManager[] keyManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SSLContext from the test certificates", e);
        }
    }

    // Loading a PKCS12 store costs about 100 ms, so the (immutable) managers are made once.
    private static synchronized KeyManager[] serverKeyManagers() {
        if (serverKeyManagers == null) {
            serverKeyManagers = keyManagers(serverKeyStore());
        }
        return serverKeyManagers;
    }

    private static synchronized KeyManager[] clientKeyManagers() {
        if (clientKeyManagers == null) {
            clientKeyManagers = keyManagers(clientKeyStore());
        }
        return clientKeyManagers;
    }

    private static synchronized TrustManager[] trustManagers() {
        if (trustManagers == null) {
            try {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trustStore());
                trustManagers = trust.getTrustManagers();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the test truststore", e);
            }
        }
        return trustManagers;
    }

    private static KeyManager[] keyManagers(KeyStore store) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            return keys.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test keys", e);
        }
    }

    private static KeyStore load(String name) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(resource(name)), PASSWORD.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = TestCertificates.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIRECTORY + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
