package io.github.proxyprotocol.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The demo's self-signed server certificate ({@code CN=localhost}, SAN {@code localhost}, {@code 127.0.0.1}, {@code
 * ::1}) and its key, shipped in the jar as a PKCS12 keystore. Its private key is public: it only serves the demo.
 */
public final class DemoCertificate {
    /** The keystore's class-path resource, next to this class. */
    public static final String RESOURCE = "demo-keystore.p12";

    /** The password of the keystore and of its key. */
    public static final String PASSWORD = "changeit";

    /** The alias of the key and certificate in the keystore. */
    public static final String ALIAS = "demo";

    private DemoCertificate() {}

    /** A new copy of the keystore. */
    public static KeyStore keyStore() {
        try (InputStream in = DemoCertificate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** A server TLS context presenting the certificate. */
    public static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context from " + RESOURCE, e);
        }
    }
}
