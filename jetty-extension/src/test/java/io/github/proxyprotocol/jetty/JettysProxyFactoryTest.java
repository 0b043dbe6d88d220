package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jetty's own PROXY protocol factory believes every peer: on the same connector as ours, before or after it, it fails
 * the connector's start.
 */
class JettysProxyFactoryTest {

    /** A factory of another kind that says it speaks Jetty's {@code proxy}. */
    private static final class SomeProxyFactory extends AbstractConnectionFactory {
        SomeProxyFactory() {
            super("proxy");
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            throw new IllegalStateException("never called: a connector with this factory fails to start");
        }
    }

    /** A subclass of Jetty's, under a protocol name of its own. */
    private static final class RenamedProxyFactory extends ProxyConnectionFactory {
        @Override
        public String getProtocol() {
            return "renamed-proxy";
        }
    }

    static Stream<Arguments> jettysFactories() {
        Supplier<ConnectionFactory> jettys = ProxyConnectionFactory::new;
        Supplier<ConnectionFactory> subclass = RenamedProxyFactory::new;
        Supplier<ConnectionFactory> sameProtocol = SomeProxyFactory::new;
        return Stream.of(
                Arguments.of("Jetty's, after ours", jettys, false),
                Arguments.of("Jetty's, before ours", jettys, true),
                Arguments.of("a subclass, after ours", subclass, false),
                Arguments.of("a subclass, before ours", subclass, true),
                Arguments.of("another 'proxy' factory, after ours", sameProtocol, false),
                Arguments.of("another 'proxy' factory, before ours", sameProtocol, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jettysFactories")
    void jettysFactoryOnTheSameConnectorFailsTheStart(String what, Supplier<ConnectionFactory> jettys, boolean first)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setName("balanced");
        TrustedProxyConnectionFactory ours = new TrustedProxyConnectionFactory("http/1.1");
        ours.setTrustedProxies("127.0.0.1");
        ConnectionFactory theirs = jettys.get();
        if (first) {
            connector.addFirstConnectionFactory(ours);
            connector.addFirstConnectionFactory(theirs);
        } else {
            connector.addFirstConnectionFactory(theirs);
            connector.addFirstConnectionFactory(ours);
        }
        connector.setDefaultProtocol(connector.getProtocols().get(0));
        server.addConnector(connector);
        server.setHandler(new WhoAmIHandler());
        try {
            assertThatThrownBy(server::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connector balanced")
                    .hasMessageContaining("Jetty's ProxyConnectionFactory")
                    .hasMessageContaining("trusts every peer")
                    .hasMessageContaining("forge its address");
            assertThat(connector.isStarted()).isFalse();
        } finally {
            server.stop();
        }
    }
}
