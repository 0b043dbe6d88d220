package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Reason;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.TestHeaders;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.eclipse.jetty.jmx.MBeanContainer;
import org.junit.jupiter.api.Test;

/** With Jetty's JMX support on the server (the jmx module), each factory's settings and counters are MBeans. */
class JmxTest {
    @Test
    void countersAndSettingsAreVisibleThroughJmx() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        MBeanContainer container = new MBeanContainer(mbeans);
        try (TestServer server = TestServer.start(
                factory -> factory.setDirectClients("192.0.2.0/24"), null, jetty -> jetty.addBean(container))) {
            RawHttpClient.to(server.port()).assertClosedWithoutResponse();
            RawHttpClient.to(server.port()).prefix(TestHeaders.v1()).get("/");
            TrustTableTest.awaitRejections(server, Reason.NOT_PROXY_PROTOCOL, 1);

            ObjectName metrics =
                    clearTextConnectors(mbeans, "io.github.proxyprotocol.common:type=proxyprotocolmetrics,*");
            assertThat(mbeans.getAttribute(metrics, "RejectedConnections")).isEqualTo(1L);
            assertThat(mbeans.getAttribute(metrics, "AcceptedV1Headers")).isEqualTo(1L);
            assertThat(mbeans.getAttribute(metrics, "Timeouts")).isEqualTo(0L);
            TabularData byReason = (TabularData) mbeans.getAttribute(metrics, "RejectionsByReason");
            CompositeData notProxy = byReason.get(new Object[] {Reason.NOT_PROXY_PROTOCOL.code()});
            assertThat(notProxy.get("value")).isEqualTo(1L);

            ObjectName factory =
                    clearTextConnectors(mbeans, "io.github.proxyprotocol.jetty:type=trustedproxyconnectionfactory,*");
            assertThat(mbeans.getAttribute(factory, "trustedProxies")).isEqualTo("127.0.0.1");
            assertThat(mbeans.getAttribute(factory, "directClients")).isEqualTo("192.0.2.0/24");
            assertThat(mbeans.getAttribute(factory, "headerTimeout")).isEqualTo("5000");
        }
        container.destroy();
        assertThat(mbeans.queryNames(new ObjectName("io.github.proxyprotocol.common:*"), null))
                .as("unregistered with Jetty's MBean container")
                .isEmpty();
    }

    /** The one MBean of the pattern that belongs to the clear-text connector (whose protocols include h2c). */
    private static ObjectName clearTextConnectors(MBeanServer mbeans, String pattern) throws Exception {
        Set<ObjectName> names = mbeans.queryNames(new ObjectName(pattern), null);
        assertThat(names).as("one per connector: %s", names).hasSize(2);
        return names.stream()
                .filter(name -> name.getKeyProperty("context").contains("h2c"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("none for the clear-text connector: " + names));
    }
}
