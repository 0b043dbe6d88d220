package io.github.proxyprotocol.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.LogSink;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.Reason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ProxyProtocolAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProxyProtocolAutoConfiguration.class));

    @Test
    void theDependencyAloneChangesNothing() {
        runner.withPropertyValues("proxy-protocol.trusted-proxies=10.0.0.0/8")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(ListenerSettings.class)
                        .doesNotHaveBean(ProxyProtocolMeters.class));
    }

    @Test
    void enabledItChecksTheProperties() {
        runner.withPropertyValues("proxy-protocol.enabled=true", "proxy-protocol.trusted-proxies=10.0.0.0/8")
                .run(context -> {
                    assertThat(context).hasSingleBean(ListenerSettings.class).hasSingleBean(ProxyProtocolMeters.class);
                    assertThat(context.getBean(ListenerSettings.class)
                                    .config()
                                    .trustedProxies()
                                    .contains(new InetSocketAddress("10.9.8.7", 1)))
                            .isTrue();
                });
    }

    @Test
    void enabledWithoutTrustedProxiesTheApplicationFailsWithTheAnalyzersReport() {
        runner.withPropertyValues("proxy-protocol.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new InvalidSettingFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getCause()).isInstanceOf(InvalidSettingException.class);
            assertThat(analysis.getDescription()).startsWith("proxy-protocol.trusted-proxies must be set: ");
            assertThat(analysis.getAction())
                    .isEqualTo("Set proxy-protocol.trusted-proxies to the addresses or CIDRs of your load balancers,"
                            + " for example proxy-protocol.trusted-proxies=10.0.0.0/8 ('*' trusts every peer), or"
                            + " turn the PROXY protocol off with proxy-protocol.enabled=false.");
        });
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withPropertyValues("proxy-protocol.enabled=true", "proxy-protocol.trusted-proxies=10.0.0.0/8")
                .run(context -> assertThat(context)
                        .hasSingleBean(ListenerSettings.class)
                        .doesNotHaveBean(ProxyProtocolMeters.class));
    }

    @Test
    void theMetersCountWhatTheListenerCountsUntilTheContextCloses() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProxyProtocolGate gate = new ProxyProtocolGate(
                "test",
                ProxyProtocolConfig.builder()
                        .trustedProxies("127.0.0.1")
                        .directClients("127.0.0.3")
                        .build(),
                LogSink.warningsTo(line -> {}));
        ProxyProtocolListeners listeners = () -> List.of(new ProxyProtocolListener("http-8080", gate));
        runner.withPropertyValues("proxy-protocol.enabled=true", "proxy-protocol.trusted-proxies=127.0.0.1")
                .withBean(MeterRegistry.class, () -> registry)
                .withBean(ProxyProtocolListeners.class, () -> listeners)
                .run(context -> {
                    context.getBean(ProxyProtocolMeters.class).bind();
                    connection(gate, "127.0.0.1", ProxyHeaderEncoder.encode(header(ProtocolVersion.V1)));
                    connection(gate, "127.0.0.1", ProxyHeaderEncoder.encode(header(ProtocolVersion.V2)));
                    connection(gate, "127.0.0.1", ProxyHeaderEncoder.encode(header(ProtocolVersion.V2)));
                    connection(gate, "127.0.0.3", "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    HeaderPhase silent = gate.newHeaderPhase();
                    silent.begin(new InetSocketAddress("127.0.0.1", 40000));
                    silent.timedOut();

                    assertThat(count(registry, "proxy.protocol.headers.accepted", "version", "v1"))
                            .isEqualTo(1);
                    assertThat(count(registry, "proxy.protocol.headers.accepted", "version", "v2"))
                            .isEqualTo(2);
                    assertThat(count(registry, "proxy.protocol.connections.direct"))
                            .isEqualTo(1);
                    assertThat(count(registry, "proxy.protocol.connections.rejected", "reason", "timeout"))
                            .isEqualTo(1);
                    assertThat(count(registry, "proxy.protocol.connections.rejected", "reason", "untrusted_peer"))
                            .isZero();
                    assertThat(registry.find("proxy.protocol.connections.rejected")
                                    .functionCounters())
                            .hasSize(Reason.values().length);
                    assertThat(registry.find("proxy.protocol.headers.accepted")
                                    .functionCounter()
                                    .getId()
                                    .getBaseUnit())
                            .isEqualTo("headers");
                });
        assertThat(registry.find("proxy.protocol.headers.accepted").meters()).isEmpty();
    }

    /** A connection from {@code peer} whose first bytes are {@code bytes}, through the listener's header phase. */
    private static void connection(ProxyProtocolGate gate, String peer, byte[] bytes) {
        HeaderPhase phase = gate.newHeaderPhase();
        phase.begin(new InetSocketAddress(peer, 40000));
        assertThat(phase.offer(ByteBuffer.wrap(bytes))).isEqualTo(HeaderPhase.Progress.DONE);
    }

    private static ProxyHeader header(ProtocolVersion version) {
        return ProxyHeader.builder()
                .version(version)
                .command(Command.PROXY)
                .addresses(new InetSocketAddress("203.0.113.7", 4242), new InetSocketAddress("192.0.2.1", 443))
                .build();
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        String[] all = new String[tags.length + 2];
        all[0] = "listener";
        all[1] = "http-8080";
        System.arraycopy(tags, 0, all, 2, tags.length);
        FunctionCounter counter = registry.find(name).tags(all).functionCounter();
        assertThat(counter).as(name).isNotNull();
        return counter.count();
    }
}
