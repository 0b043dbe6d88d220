package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.LogSink;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.common.SettingNames;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.juli.logging.Log;
import org.apache.tomcat.util.modeler.Registry;

/**
 * What a PROXY protocol handler adds to Tomcat's: the settings as given (Connector attributes, kept as text until
 * start-up, or a parsed config from code), the connector's gate built from them, and its metrics MBean.
 */
final class ProxyProtocolSupport {
    /** The settings' names as {@code <Connector>} attributes: {@code proxyProtocolTrustedProxies}... */
    static final SettingNames ATTRIBUTES = setting -> "proxyProtocol"
            + Character.toUpperCase(setting.camelName().charAt(0))
            + setting.camelName().substring(1);

    private final Log log;
    private final ProxyProtocolConfig.Builder settings = ProxyProtocolConfig.builder(ATTRIBUTES);
    private boolean attributesGiven;
    private volatile ProxyProtocolConfig config;
    private volatile ProxyProtocolGate gate;
    private ObjectName metricsName;

    ProxyProtocolSupport(Log log) {
        this.log = log;
    }

    void set(Setting setting, String value) {
        settings.set(setting, value);
        attributesGiven = true;
    }

    String get(Setting setting) {
        return settings.get(setting);
    }

    void setConfig(ProxyProtocolConfig config) {
        this.config = config;
    }

    ProxyProtocolConfig config() {
        return config;
    }

    /**
     * Parses the settings and builds the gate of the connector called {@code name}.
     *
     * @throws io.github.proxyprotocol.common.InvalidSettingException naming the attribute that is missing or wrong
     */
    ProxyProtocolGate createGate(String name) {
        ProxyProtocolConfig given = config;
        if (given != null && attributesGiven) {
            throw new IllegalStateException("PROXY protocol on " + name + ": give either proxyProtocol* attributes or"
                    + " a ProxyProtocolConfig (setProxyProtocolConfig), not both");
        }
        ProxyProtocolConfig used = given != null ? given : settings.build();
        gate = new ProxyProtocolGate(name, used, LogSink.of(log::warn, log::debug, log::isDebugEnabled));
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
