package io.github.proxyprotocol.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CurlTest {

    @Test
    void haproxyProtocolSendsAV1HeaderBeforeTheRequest() throws Exception {
        Curl.assumeAvailable();
        try (TestServer server = TestServer.start(socket -> {
            InputStream in = socket.getInputStream();
            String header = TestServer.readLine(in).trim();
            String request = TestServer.readRequestHead(in);
            String body = header + "|" + request;
            socket.getOutputStream()
                    .write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                                    + body)
                            .getBytes(StandardCharsets.US_ASCII));
        })) {
            Curl.Result result = Curl.haproxyProtocol("http://127.0.0.1:" + server.port() + "/hello");

            assertThat(result.succeeded()).as(result.stderr()).isTrue();
            assertThat(result.stdout())
                    .matches("PROXY TCP4 127\\.0\\.0\\.1 127\\.0\\.0\\.1 \\d+ " + server.port()
                            + "\\|GET /hello HTTP/1\\.1");
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void reportsCurlsExitCodeAndErrors() {
        Curl.assumeAvailable();
        Curl.Result result = Curl.run("-sS", "http://127.0.0.1:" + FreePorts.find() + "/");

        assertThat(result.exitCode()).isEqualTo(7); // could not connect
        assertThat(result.stderr()).contains("curl: (7)");
    }
}
