package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.Await;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import io.undertow.Undertow;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnio.Option;
import org.xnio.OptionMap;

/** Options checked at start-up, plain listeners left alone, metrics in JMX, and the worker's life cycle. */
class ConfigurationAndLifecycleTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(OptionMap.create(ProxyProtocolOptions.DIRECT_CLIENTS, "10.0.0.0/8"), "TRUSTED_PROXIES"),
                Arguments.of(OptionMap.create(ProxyProtocolOptions.TRUSTED_PROXIES, "10.0.0.0/33"), "TRUSTED_PROXIES"),
                Arguments.of(
                        OptionMap.builder()
                                .set(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1")
                                .set(ProxyProtocolOptions.HEADER_TIMEOUT, 0)
                                .getMap(),
                        "HEADER_TIMEOUT"),
                Arguments.of(
                        OptionMap.builder()
                                .set(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1")
                                .set(ProxyProtocolOptions.VERSIONS, "v3")
                                .getMap(),
                        "VERSIONS"),
                Arguments.of(
                        OptionMap.builder()
                                .set(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1")
                                .set(ProxyProtocolOptions.MAX_HEADER_SIZE, 1 << 20)
                                .getMap(),
                        "MAX_HEADER_SIZE"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badOptionFailsStartUpNamingIt(OptionMap options, String option) {
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setOverrideSocketOptions(options))
                .setHandler(exchange -> {});
        ProxyProtocolWorker worker = ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        try {
            assertThatThrownBy(undertow::start)
                    .rootCause()
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("ProxyProtocolOptions." + option);
        } finally {
            undertow.stop();
        }
        assertThat(worker.gates()).isEmpty();
        assertThat(worker.isShutdown()).isTrue();
    }

    @Test
    void aParsedConfigIsOneOption() {
        ProxyProtocolConfig config =
                ProxyProtocolConfig.builder().trustedProxies("127.0.0.1").build();
        try (TestServer server =
                TestServer.builder().option(ProxyProtocolOptions.CONFIG, config).start()) {
            assertThat(server.gate(server.port()).config()).isSameAs(config);
            assertThat(Seen.of(RawHttpClient.to(server.port())
                            .prefix(TestHeaders.v1())
                            .get("/")))
                    .containsEntry("remote", "203.0.113.7:4242");
        }
    }

    @Test
    void aParsedConfigAndSingleOptionsTogetherFailStartUp() {
        OptionMap both = OptionMap.builder()
                .set(
                        ProxyProtocolOptions.CONFIG,
                        ProxyProtocolConfig.builder()
                                .trustedProxies("127.0.0.1")
                                .build())
                .set(ProxyProtocolOptions.HEADER_TIMEOUT, 100)
                .getMap();
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setOverrideSocketOptions(both))
                .setHandler(exchange -> {});
        ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        try {
            assertThatThrownBy(undertow::start)
                    .rootCause()
                    .hasMessageContaining("ProxyProtocolOptions.CONFIG and ProxyProtocolOptions.HEADER_TIMEOUT");
        } finally {
            undertow.stop();
        }
    }

    @Test
    void optionsCanBeParsedFromText() {
        OptionMap options = OptionMap.builder()
                .parse(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1/32, ::1")
                .parse(ProxyProtocolOptions.HEADER_TIMEOUT, "2500")
                .parse(ProxyProtocolOptions.SSL_TLV_SECURE, "false")
                .getMap();

        assertThat(ProxyProtocolOptions.config(options).headerTimeoutMillis()).isEqualTo(2500);
        assertThat(ProxyProtocolOptions.config(options).sslTlvSecure()).isFalse();
        assertThat(Option.fromString(
                        ProxyProtocolOptions.class.getName() + ".TRUSTED_PROXIES",
                        ProxyProtocolOptions.class.getClassLoader()))
                .isSameAs(ProxyProtocolOptions.TRUSTED_PROXIES);
    }

    @Test
    void listenerWithoutOptionsIsLeftAlone() {
        try (TestServer server =
                TestServer.builder().trustedProxies("127.0.0.1").plainListener().start()) {
            Map<String, String> seen =
                    Seen.of(RawHttpClient.to(server.plainPort()).get("/plain"));

            assertThat(seen.get("remote")).startsWith("127.0.0.1:");
            assertThat(seen).containsEntry("peer", "null").containsEntry("header", "none");
            assertThat(server.worker().gates()).hasSize(1);
            // a header on a plain listener is just a malformed request line to Undertow
            assertThat(RawHttpClient.to(server.plainPort())
                            .prefix(TestHeaders.v1())
                            .exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                            .status())
                    .isEqualTo(400);
        }
    }

    @Test
    void metricsArePublishedInJmxWhileTheListenerIsOpen() throws Exception {
        ObjectName name;
        try (TestServer server = TestServer.start("127.0.0.1")) {
            name = new ObjectName("io.github.proxyprotocol:type=ProxyProtocol,listener=http-" + server.port());
            RawHttpClient.to(server.port()).prefix(TestHeaders.v1()).get("/");
            RawHttpClient.to(server.port())
                    .prefix(TestHeaders.v2WithTlvs("client"))
                    .get("/");
            RawHttpClient.to(server.port()).from("127.0.0.2").assertClosedWithoutResponse();

            assertThat(JMX.getAttribute(name, "AcceptedV1Headers")).isEqualTo(1L);
            assertThat(JMX.getAttribute(name, "AcceptedV2Headers")).isEqualTo(1L);
            assertThat(JMX.getAttribute(name, "RejectedConnections")).isEqualTo(1L);
            assertThat(server.metrics().rejections(Reason.UNTRUSTED_PEER)).isEqualTo(1);
        }
        assertThat(JMX.isRegistered(name)).isFalse();
    }

    @Test
    void stopShutsTheWorkerDownAndStartRunsItAgain() throws Exception {
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setOverrideSocketOptions(OptionMap.create(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1")))
                .setHandler(new ProxyProtocolHandler(new WhoAmIHandler()));
        ProxyProtocolWorker worker = ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        for (int run = 0; run < 2; run++) {
            undertow.start();
            String workerName = worker.getName();
            int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            assertThat(Seen.of(RawHttpClient.to(port).prefix(TestHeaders.v1()).get("/")))
                    .containsEntry("remote", "203.0.113.7:4242");
            assertThat(threadsNamed(workerName)).isPositive();

            undertow.stop();

            assertThat(worker.isShutdown()).isTrue();
            Await.until(Duration.ofSeconds(10), workerName + " threads ended", () -> threadsNamed(workerName) == 0);
        }
    }

    private static long threadsNamed(String workerName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(workerName + " "))
                .count();
    }
}
