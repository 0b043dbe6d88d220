package io.github.proxyprotocol.netty;

import io.github.proxyprotocol.common.ProxyProtocolGate;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Publishes a listener's metrics in the platform MBean server as {@code
 * io.github.proxyprotocol:type=ProxyProtocol,listener=NAME} while the server is bound.
 */
final class MetricsMBean implements AutoCloseable {
    private static final Logger LOG = Loggers.getLogger(MetricsMBean.class);

    private final MBeanServer server;
    private final ObjectName name;

    private MetricsMBean(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /** The JMX name of a listener's metrics. */
    static ObjectName objectName(String listener) throws JMException {
        String value = listener.matches("[A-Za-z0-9._-]+") ? listener : ObjectName.quote(listener);
        return new ObjectName("io.github.proxyprotocol:type=ProxyProtocol,listener=" + value);
    }

    /** Registers the gate's metrics; a failure only costs the JMX view, so it is logged, not thrown. */
    static MetricsMBean register(ProxyProtocolGate gate) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = objectName(gate.name());
            server.registerMBean(gate.metrics(), name);
            return new MetricsMBean(server, name);
        } catch (JMException e) {
            LOG.warn("PROXY protocol metrics of {} not published in JMX: {}", gate.name(), e.toString());
            return new MetricsMBean(server, null);
        }
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("could not unregister " + name, e);
        }
    }
}
