package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.testsupport.TestCertificates;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/** HTTPS for a test connector, with the test server certificate; free of the servlet API, for every Tomcat line. */
final class TestTls {
    private TestTls() {}

    /** Makes {@code connector} HTTPS with the test server certificate. */
    static void configure(Connector connector) {
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(
                TestCertificates.serverKeyStorePath().toString());
        certificate.setCertificateKeystorePassword(TestCertificates.PASSWORD);
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
    }
}
