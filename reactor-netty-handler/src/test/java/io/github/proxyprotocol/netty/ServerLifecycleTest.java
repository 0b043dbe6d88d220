package io.github.proxyprotocol.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.ProxyProtocolSupportType;

/** Reactor Netty's own PROXY parser is refused, the metrics are in JMX while bound, and stopping ends the phases. */
class ServerLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ProxyProtocolConfig config() {
        return ProxyProtocolConfig.builder().trustedProxies("127.0.0.1").build();
    }

    private static HttpServer server() {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> response.sendString(Mono.just("ok")));
    }

    @Test
    void reactorNettysOwnProxyProtocolIsRefusedBeforeAndAtBind() {
        for (ProxyProtocolSupportType builtIn :
                new ProxyProtocolSupportType[] {ProxyProtocolSupportType.ON, ProxyProtocolSupportType.AUTO}) {
            assertThatThrownBy(() -> ProxyProtocolHttpServer.enable(server().proxyProtocol(builtIn), config()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("proxyProtocol(" + builtIn + ")");
            HttpServer late = ProxyProtocolHttpServer.enable(server(), config()).proxyProtocol(builtIn);
            assertThatThrownBy(late::bindNow)
                    .hasStackTraceContaining("IllegalStateException")
                    .hasStackTraceContaining("proxyProtocol(" + builtIn + ")");
        }
    }

    @Test
    void anEarlierForwardedFunctionIsRefused() {
        assertThatThrownBy(() -> ProxyProtocolHttpServer.enable(server().forwarded(true), config()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thenForwarded");
    }

    @Test
    void theMetricsAreInJmxWhileTheServerIsBound() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.github.proxyprotocol:type=ProxyProtocol,listener=reactor-netty-jmx");
        ProxyProtocolHttpServer proxy = ProxyProtocolHttpServer.create("reactor-netty-jmx", config());
        DisposableServer bound = proxy.apply(server()).bindNow();
        try {
            RawHttpClient.to(bound.port()).prefix(TestHeaders.v1()).get("/");
            Await.until(WAIT, "a v1 header counted", () -> proxy.metrics().getAcceptedV1Headers() == 1);
            assertThat(mbeans.getAttribute(name, "AcceptedV1Headers")).isEqualTo(1L);
        } finally {
            bound.disposeNow();
        }
        // Reactor Netty runs doOnUnbound on the event loop, possibly after disposeNow() returns.
        Await.until(WAIT, "the metrics unregistered once unbound", () -> !mbeans.isRegistered(name));
    }

    @Test
    void stoppingTheServerClosesConnectionsWaitingForTheirHeaderWithoutCountingThem() {
        ProxyProtocolHttpServer proxy = ProxyProtocolHttpServer.create("reactor-netty-stop", config());
        DisposableServer bound = proxy.apply(server()).bindNow();
        try (RawConnection waiting =
                RawHttpClient.to(bound.port()).openAndSend(TestHeaders.ascii("PROXY TCP4 203.0.113.7 "))) {
            bound.disposeNow();
            waiting.awaitClosedWithoutResponse(WAIT);
        }
        assertThat(proxy.metrics().getRejectedConnections()).isZero();
    }
}
