package io.github.proxyprotocol.netty;

import io.github.proxyprotocol.testsupport.TestCertificates;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManagerFactory;
import reactor.netty.http.Http2SslContextSpec;

/** The test server certificate as Reactor Netty's TLS settings. */
final class TlsContexts {
    private TlsContexts() {}

    /** h2 and http/1.1 over ALPN. */
    static Http2SslContextSpec serverHttp2() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(TestCertificates.serverKeyStore(), TestCertificates.PASSWORD.toCharArray());
            return Http2SslContextSpec.forServer(keys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test server certificate", e);
        }
    }
}
