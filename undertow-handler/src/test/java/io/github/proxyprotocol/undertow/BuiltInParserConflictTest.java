package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.testsupport.FreePorts;
import io.github.proxyprotocol.testsupport.ListeningPorts;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;

/** A listener with PROXY protocol options must not also have Undertow's own {@code useProxyProtocol}. */
class BuiltInParserConflictTest {
    private static final OptionMap OURS = OptionMap.create(ProxyProtocolOptions.TRUSTED_PROXIES, "127.0.0.1");

    @Test
    void bothParsersOnOneListenerFailStartUp() {
        int port = FreePorts.find();
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setOverrideSocketOptions(OURS)
                        .setUseProxyProtocol(true))
                .setHandler(new ProxyProtocolHandler(new WhoAmIHandler()));
        ProxyProtocolWorker worker = ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        try {
            assertThatThrownBy(undertow::start)
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("listener on 127.0.0.1:" + port)
                    .hasMessageContaining("built-in useProxyProtocol")
                    .hasMessageContaining("turn useProxyProtocol off")
                    .hasMessageContaining("second header from any client behind the balancer")
                    .hasMessageContaining("forge its address");
            assertThat(ListeningPorts.isListening(port)).isFalse();
            assertThat(worker.gates()).isEmpty();
        } finally {
            undertow.stop();
        }
        assertThat(worker.isShutdown()).isTrue();
    }

    @Test
    void builtInParserOnAnotherListenerIsAllowed() {
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setOverrideSocketOptions(OURS))
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setUseProxyProtocol(true))
                .setHandler(new ProxyProtocolHandler(new WhoAmIHandler()));
        ProxyProtocolWorker worker = ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        undertow.start();
        try {
            int ours = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            int builtIn = ((InetSocketAddress) undertow.getListenerInfo().get(1).getAddress()).getPort();

            assertThat(worker.gates()).hasSize(1);
            assertThat(Seen.of(RawHttpClient.to(ours).prefix(TestHeaders.v1()).get("/")))
                    .containsEntry("remote", "203.0.113.7:4242");
            assertThat(Seen.of(
                            RawHttpClient.to(builtIn).prefix(TestHeaders.v1()).get("/")))
                    .containsEntry("remote", "203.0.113.7:4242");
        } finally {
            undertow.stop();
        }
    }
}
