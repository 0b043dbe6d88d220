package io.github.proxyprotocol.demo.springboot.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample as it is configured, on free ports: the application port wants a header, the management port not. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "spring.main.banner-mode=off"})
class SampleApplicationTest {
    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void whoamiAnswersWithTheClientAddressOfTheHeader() {
        RawHttpResponse response = RawHttpClient.to(port)
                .prefix("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n")
                .get("/whoami");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"remoteAddr\":\"203.0.113.7\"")
                .contains("\"remotePort\":4242")
                .contains("\"peerAddr\":\"127.0.0.1\"")
                .contains("\"version\":1")
                .contains("\"family\":\"TCP4\"");
    }

    @Test
    void aConnectionWithoutHeaderIsClosedWithoutAResponse() {
        RawHttpClient.to(port).assertClosedWithoutResponse();
    }

    @Test
    void healthChecksNeedNoHeaderOnTheManagementPort() {
        RawHttpResponse response = RawHttpClient.to(managementPort).get("/actuator/health");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }
}
