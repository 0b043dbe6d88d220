package io.github.proxyprotocol.common;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A listener's metrics published in the platform MBean server as {@code
 * io.github.proxyprotocol:type=ProxyProtocol,listener=NAME}, for containers without an MBean registry of their own
 * (Undertow, Reactor Netty). Closing it unpublishes them. A failure only costs the JMX view: it is logged, not thrown.
 */
public final class MetricsRegistration implements AutoCloseable {
    private final MBeanServer server;
    private final ObjectName name;
    private final LogSink log;

    private MetricsRegistration(MBeanServer server, ObjectName name, LogSink log) {
        this.server = server;
        this.name = name;
        this.log = log;
    }

    /** The JMX name of a listener's metrics. */
    private static ObjectName objectName(String listener) throws JMException {
        String value = listener.matches("[A-Za-z0-9._-]+") ? listener : ObjectName.quote(listener);
        return new ObjectName("io.github.proxyprotocol:type=ProxyProtocol,listener=" + value);
    }

    /** Publishes {@code gate}'s metrics under its name, logging a failure to {@code log}. */
    public static MetricsRegistration publish(ProxyProtocolGate gate, LogSink log) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = objectName(gate.name());
            server.registerMBean(gate.metrics(), name);
            return new MetricsRegistration(server, name, log);
        } catch (JMException e) {
            log.warn("PROXY protocol metrics of " + gate.name() + " not published in JMX: " + e);
            return new MetricsRegistration(server, null, log);
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
            log.debug(() -> "could not unregister " + name + ": " + e);
        }
    }
}
