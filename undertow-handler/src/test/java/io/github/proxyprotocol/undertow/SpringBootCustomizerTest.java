package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.undertow.UndertowServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * Spring Boot 3.5's embedded Undertow, turned on from an {@code UndertowBuilderCustomizer} as the starter does: Boot
 * adds its own listener, builds and starts the server; the servlet sees the header and Boot's stop ends the worker.
 */
class SpringBootCustomizerTest {
    @Test
    void builderCustomizerTurnsOnBootsListener() throws Exception {
        AtomicReference<ProxyProtocolWorker> worker = new AtomicReference<>();
        UndertowServletWebServerFactory factory = new UndertowServletWebServerFactory(0);
        factory.setAddress(InetAddress.getByName("127.0.0.1"));
        factory.addBuilderCustomizers(builder -> {
            worker.set(ProxyProtocolUndertow.enable(builder));
            builder.setSocketOption(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1/32");
        });
        WebServer server = factory.getWebServer(
                context -> context.addServlet("whoami", new WhoAmIServlet()).addMapping("/*"));
        server.start();
        String workerName;
        try {
            workerName = worker.get().getName();
            Map<String, String> seen = Seen.of(RawHttpClient.to(server.getPort())
                    .prefix(TestHeaders.v2WithTlvs("client"))
                    .get("/boot"));

            assertThat(seen)
                    .containsEntry("remote", "203.0.113.7:4242")
                    .containsEntry("local", "192.0.2.1:443")
                    .containsEntry("secure", "true");
            assertThat(seen.get("header")).startsWith("V2 PROXY INET authority=example.com");
            assertThat(worker.get().gates()).hasSize(1);
            RawHttpClient.to(server.getPort()).assertClosedWithoutResponse();
        } finally {
            server.stop();
        }
        Await.until(
                Duration.ofSeconds(10),
                "worker threads ended",
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(thread -> thread.getName().startsWith(workerName + " ")));
    }
}
