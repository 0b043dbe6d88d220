package io.github.proxyprotocol.tomcat;

import static io.github.proxyprotocol.testsupport.TestHeaders.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.InetSocketAddress;
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

    @Test
    void eachConnectionHasItsOwnHeader() {
        // Channels are pooled: nothing of one connection's header may show on the next one.
        for (int i = 1; i <= 20; i++) {
            InetSocketAddress source = TestHeaders.address("198.51.100." + i, 1000 + i);
            byte[] header = i % 2 == 0
                    ? TestHeaders.encode(ProxyHeader.builder()
                            .version(ProtocolVersion.V2)
                            .command(Command.PROXY)
                            .addresses(source, TestHeaders.destination()))
                    : ascii("PROXY UNKNOWN\r\n");
            try (RawConnection connection =
                    RawHttpClient.to(tomcat.port()).prefix(header).connect()) {
                Json json = Json.of(connection.get("/whoami"));
                if (i % 2 == 0) {
                    assertThat(json.getString("remoteAddr")).isEqualTo("198.51.100." + i);
                    assertThat(json.getInt("remotePort")).isEqualTo(1000 + i);
                } else {
                    assertThat(json.getString("remoteAddr")).isEqualTo("127.0.0.1");
                    assertThat(json.getInt("remotePort"))
                            .isEqualTo(connection.localAddress().getPort());
                }
            }
        }
    }
}
