package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.LogSink;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.common.SettingStyle;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.juli.logging.Log;
import org.apache.tomcat.util.modeler.Registry;

/**
 * What a PROXY protocol handler adds to Tomcat's: the settings as given (Connector attributes, kept as text until
 * start-up), the connector's gate built from them, and its metrics MBean.
 */
final class ProxyProtocolSupport {
    private final Log log;
    private final ProxyProtocolConfig.Builder settings = ProxyProtocolConfig.builder(SettingStyle.TOMCAT);
    private volatile ProxyProtocolGate gate;
    private ObjectName metricsName;

    ProxyProtocolSupport(Log log) {
        this.log = log;
    }

    void set(Setting setting, String value) {
        settings.set(setting, value);
    }

    String get(Setting setting) {
        return settings.get(setting);
    }

    /**
     * Parses the settings and builds the gate of the connector called {@code name}.
     *
     * @throws io.github.proxyprotocol.common.InvalidSettingException naming the attribute that is missing or wrong
     */
    ProxyProtocolGate createGate(String name) {
        gate = new ProxyProtocolGate(name, settings.build(), LogSink.of(log::warn, log::debug, log::isDebugEnabled));
        if (log.isInfoEnabled()) {
            log.info("PROXY protocol on " + name + ": " + gate.config());
        }
        return gate;
    }

    ProxyProtocolGate gate() {
        return gate;
    }

    /** Registers the metrics as {@code domain:type=ProxyProtocol,name="name"}, beside the connector's MBeans. */
    void registerMetrics(String domain, String name) {
        if (domain == null || gate == null) {
            return;
        }
        try {
            ObjectName objectName = new ObjectName(domain + ":type=ProxyProtocol,name=" + ObjectName.quote(name));
            mbeanServer().registerMBean(gate.metrics(), objectName);
            metricsName = objectName;
        } catch (JMException e) {
            log.warn("Could not register the PROXY protocol metrics of " + name + " in JMX", e);
        }
    }

    void unregisterMetrics() {
        if (metricsName == null) {
            return;
        }
        try {
            mbeanServer().unregisterMBean(metricsName);
        } catch (JMException e) {
            log.debug("Could not unregister " + metricsName, e);
        }
        metricsName = null;
    }

    private static MBeanServer mbeanServer() {
        return Registry.getRegistry(null, null).getMBeanServer();
    }
}
