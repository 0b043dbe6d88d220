package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.Setting;
import java.util.Objects;
import javax.management.ObjectName;
import org.apache.coyote.Adapter;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's HTTP/1.1 NIO protocol (with HTTP/2 through {@code <UpgradeProtocol>}, TLS through {@code <SSLHostConfig>})
 * behind the PROXY protocol: each connection starts with a v1 or v2 header from a trusted load balancer, read before
 * TLS and HTTP without holding a thread, and requests report the header's client address.
 *
 * <pre>{@code
 * <Connector port="8080" protocol="io.github.proxyprotocol.tomcat.ProxyProtocolHttp11NioProtocol"
 *            proxyProtocolTrustedProxies="10.0.0.0/8" />
 * }</pre>
 *
 * <p>Attributes (also {@code Connector.setProperty}): {@code proxyProtocolTrustedProxies} (required),
 * {@code proxyProtocolDirectClients}, {@code proxyProtocolHeaderTimeout} (ms), {@code proxyProtocolVersions},
 * {@code proxyProtocolMaxHeaderSize}, {@code proxyProtocolSslTlvSecure}. A missing or bad value fails the connector's
 * start-up, naming the attribute. Metrics: JMX {@code <domain>:type=ProxyProtocol,name="<connector name>"}.
 */
public class ProxyProtocolHttp11NioProtocol extends Http11NioProtocol {
    private static final Log log = LogFactory.getLog(ProxyProtocolHttp11NioProtocol.class);

    private final ProxyProtocolSupport proxyProtocol = new ProxyProtocolSupport(log);
    // Kept here: getEndpoint()'s return type differs between Tomcat 10.1 and 11.0.
    private final ProxyProtocolNioEndpoint endpoint;

    public ProxyProtocolHttp11NioProtocol() {
        this(new ProxyProtocolNioEndpoint());
    }

    private ProxyProtocolHttp11NioProtocol(ProxyProtocolNioEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    /** Load balancers allowed to send a header: addresses or CIDRs separated by commas or spaces, or {@code *}. */
    public void setProxyProtocolTrustedProxies(String cidrs) {
        proxyProtocol.set(Setting.TRUSTED_PROXIES, cidrs);
    }

    public String getProxyProtocolTrustedProxies() {
        return proxyProtocol.get(Setting.TRUSTED_PROXIES);
    }

    /** Peers served with their own address, without a header (none by default). */
    public void setProxyProtocolDirectClients(String cidrs) {
        proxyProtocol.set(Setting.DIRECT_CLIENTS, cidrs);
    }

    public String getProxyProtocolDirectClients() {
        return proxyProtocol.get(Setting.DIRECT_CLIENTS);
    }

    /** Milliseconds a connection may take to send its whole header (5000 by default). */
    public void setProxyProtocolHeaderTimeout(String millis) {
        proxyProtocol.set(Setting.HEADER_TIMEOUT, millis);
    }

    public String getProxyProtocolHeaderTimeout() {
        return proxyProtocol.get(Setting.HEADER_TIMEOUT);
    }

    /** Accepted header versions: {@code v1}, {@code v2} or both ({@code v1,v2}, the default). */
    public void setProxyProtocolVersions(String versions) {
        proxyProtocol.set(Setting.VERSIONS, versions);
    }

    public String getProxyProtocolVersions() {
        return proxyProtocol.get(Setting.VERSIONS);
    }

    /** The largest header accepted, in bytes (4096 by default). */
    public void setProxyProtocolMaxHeaderSize(String bytes) {
        proxyProtocol.set(Setting.MAX_HEADER_SIZE, bytes);
    }

    public String getProxyProtocolMaxHeaderSize() {
        return proxyProtocol.get(Setting.MAX_HEADER_SIZE);
    }

    /** Whether a header's SSL TLV (the client used TLS to the balancer) makes requests secure, https (true). */
    public void setProxyProtocolSslTlvSecure(String secure) {
        proxyProtocol.set(Setting.SSL_TLV_SECURE, secure);
    }

    public String getProxyProtocolSslTlvSecure() {
        return proxyProtocol.get(Setting.SSL_TLV_SECURE);
    }

    /**
     * The settings as one parsed config, for embedded Tomcat: instead of the {@code proxyProtocol*} attributes (giving
     * both fails the connector's start-up).
     */
    public void setProxyProtocolConfig(ProxyProtocolConfig config) {
        proxyProtocol.setConfig(Objects.requireNonNull(config, "config"));
    }

    /** The config given with {@link #setProxyProtocolConfig}, or {@code null} if the attributes are used. */
    public @Nullable ProxyProtocolConfig getProxyProtocolConfig() {
        return proxyProtocol.config();
    }

    /** This connector's PROXY protocol gate (settings and metrics), once the connector is initialized. */
    public @Nullable ProxyProtocolGate getProxyProtocolGate() {
        return proxyProtocol.gate();
    }

    @Override
    public void setAdapter(Adapter adapter) {
        super.setAdapter(adapter instanceof ProxyProtocolAdapter ? adapter : new ProxyProtocolAdapter(adapter));
    }

    @Override
    public void init() throws Exception {
        String name = ObjectName.unquote(getName());
        endpoint.setGate(proxyProtocol.createGate(name));
        super.init();
        proxyProtocol.registerMetrics(getDomain(), name);
    }

    @Override
    public void destroy() throws Exception {
        try {
            super.destroy();
        } finally {
            proxyProtocol.unregisterMetrics();
        }
    }
}
