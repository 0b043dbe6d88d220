package io.github.proxyprotocol.tomcat;

import static io.github.proxyprotocol.testsupport.TestHeaders.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** A refused connection leaves no line in the access log (the contract checks that no request is served). */
class RejectionTest {

    @Test
    void refusedConnectionsLeaveNoAccessLogLine() {
        try (TestTomcat tomcat = TestTomcat.builder()
                .attribute("proxyProtocolDirectClients", "127.0.0.3")
                .start()) {
            RawHttpClient.to(tomcat.port()).assertClosedWithoutResponse();
            RawHttpClient.to(tomcat.port())
                    .prefix(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 04242 443\r\n"))
                    .assertClosedWithoutResponse();
            RawHttpClient.to(tomcat.port())
                    .from("127.0.0.3")
                    .prefix(TestHeaders.v1())
                    .assertClosedWithoutResponse();
            RawHttpClient.to(tomcat.port()).from("127.0.0.2").assertClosedWithoutResponse();
            Await.until(Duration.ofSeconds(5), "counted", () -> tomcat.metrics().getRejectedConnections() == 4);
            for (Reason reason : new Reason[] {
                Reason.NOT_PROXY_PROTOCOL, Reason.V1_MALFORMED, Reason.UNEXPECTED_HEADER, Reason.UNTRUSTED_PEER
            }) {
                assertThat(tomcat.metrics().rejections(reason))
                        .as(reason.code())
                        .isEqualTo(1);
            }

            // A request served after them is the access log's only line.
            Json.of(RawHttpClient.to(tomcat.port()).prefix(TestHeaders.v2()).get("/whoami"));
            tomcat.awaitAccessLog(line -> line.contains("/whoami"));
            assertThat(tomcat.accessLog())
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .startsWith(TestHeaders.CLIENT_IP);
        }
    }
}
