package io.github.proxyprotocol.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestCertificatesTest {

    /** Runs one TLS handshake between the two contexts; returns the client's name as the server saw it. */
    private static String handshake(SSLContext client, boolean needClientAuth) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) TestCertificates.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(needClientAuth);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.setSoTimeout(10_000);
                    accepted.startHandshake();
                    accepted.getOutputStream().write(1);
                    return needClientAuth
                            ? accepted.getSession().getPeerPrincipal().getName()
                            : "anonymous";
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket =
                    (SSLSocket) client.getSocketFactory().createSocket("localhost", server.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
                assertThat(socket.getSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
            }
            return peer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientTrustsTheServer() throws Exception {
        assertThat(handshake(TestCertificates.clientContext(), false)).isEqualTo("anonymous");
    }

    @Test
    void serverTrustsTheClientCertificate() throws Exception {
        assertThat(handshake(TestCertificates.clientContextWithCertificate(), true))
                .isEqualTo("CN=test-client");
    }

    @Test
    void serverCertificateNamesEveryLoopbackName() throws Exception {
        X509Certificate certificate = TestCertificates.serverCertificate();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(certificate.getSubjectAlternativeNames().stream()
                        .map(name -> String.valueOf(name.get(1)))
                        .toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(TestCertificates.clientCertificate()
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=test-client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.pem", "client.pem"})
    void pemFilesHoldACertificateAndItsKey(String name) throws Exception {
        String pem = Files.readString(TestCertificates.directory().resolve(name));

        assertThat(pem).contains("-----BEGIN CERTIFICATE-----").contains("-----BEGIN PRIVATE KEY-----");
        assertThat(TestCertificates.serverPem().getFileName().toString()).isEqualTo("server.pem");
    }

    @Test
    void filesAreCopiedOnce() throws Exception {
        assertThat(TestCertificates.caPem()).exists().hasParent(TestCertificates.directory());
        assertThat(TestCertificates.clientPem()).exists();
        assertThat(TestCertificates.serverCertificatePem()).exists();
        assertThat(Files.readAllBytes(TestCertificates.serverKeyStorePath()))
                .isEqualTo(TestCertificates.serverKeyStoreBytes());
        assertThat(Files.readAllBytes(TestCertificates.trustStorePath())).isEqualTo(TestCertificates.trustStoreBytes());

        KeyStore trust = KeyStore.getInstance(TestCertificates.trustStorePath().toFile(), "changeit".toCharArray());
        assertThat(trust.isCertificateEntry("server")).isTrue();
        assertThat(trust.isCertificateEntry("test-ca")).isTrue();
        KeyStore client =
                KeyStore.getInstance(TestCertificates.clientKeyStorePath().toFile(), "changeit".toCharArray());
        assertThat(client.isKeyEntry(TestCertificates.CLIENT_ALIAS)).isTrue();
    }
}
