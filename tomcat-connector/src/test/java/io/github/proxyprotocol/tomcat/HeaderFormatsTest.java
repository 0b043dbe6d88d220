package io.github.proxyprotocol.tomcat;

import static io.github.proxyprotocol.testsupport.TestHeaders.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request body right after the header, and no header leaking from one (pooled) connection to the next. */
class HeaderFormatsTest {
    private static TestTomcat tomcat;

    @BeforeAll
    static void startTomcat() {
        tomcat = TestTomcat.start();
    }

    @AfterAll
    static void stopTomcat() {
        tomcat.close();
    }

    @Test
    void requestWithBodyRightAfterTheHeader() {
        String body = "x".repeat(20_000);
        String request = "POST /whoami HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
        try (RawConnection connection =
                RawHttpClient.to(tomcat.port()).prefix(TestHeaders.v2()).openAndSend(ascii(request))) {
            assertThat(Json.of(connection.readResponse()).getString("remoteAddr"))
                    .isEqualTo(TestHeaders.CLIENT_IP);
            assertThat(Json.of(connection.get("/whoami")).getString("remoteAddr"))
                    .isEqualTo(TestHeaders.CLIENT_IP);
        }
    }
}
