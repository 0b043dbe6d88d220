package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A large request body right after the header reaches Undertow whole. */
class RequestBodyAfterTheHeaderTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("127.0.0.1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void largeRequestBodyAfterTheHeaderArrivesWhole() {
        String body = "x".repeat(200_000);
        String request = "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body;

        RawHttpResponse response =
                RawHttpClient.to(server.port()).prefix(TestHeaders.v1()).exchange(request);

        assertThat(Seen.of(response))
                .containsEntry("path", "/upload")
                .containsEntry("bodyLength", "200000")
                .containsEntry("remote", "203.0.113.7:4242");
    }
}
