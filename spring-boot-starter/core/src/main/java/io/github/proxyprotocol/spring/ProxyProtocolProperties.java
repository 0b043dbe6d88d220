package io.github.proxyprotocol.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code proxy-protocol.*} properties: whether the embedded web server reads a PROXY protocol header on its
 * connections, and how. Bound as given; {@link ListenerSettings} checks them when the application starts.
 */
@ConfigurationProperties("proxy-protocol")
public class ProxyProtocolProperties {

    /** Whether the embedded web server's connectors read a PROXY protocol header before anything else. */
    private boolean enabled;

    /**
     * Addresses or CIDRs of the load balancers allowed to send a PROXY header, such as 10.0.0.0/8 or fd00::/8; '*'
     * trusts every peer. Required when enabled.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * Addresses or CIDRs of clients served with their own address, without a header. A peer in both lists may send a
     * header or not.
     */
    private List<String> directClients = new ArrayList<>();

    /** How long a connection has to deliver its whole header before it is closed. */
    private Duration headerTimeout = Duration.ofSeconds(5);

    /** The accepted header versions: v1 (text), v2 (binary) or both. */
    private List<String> versions = new ArrayList<>(List.of("v1", "v2"));

    /** The largest header accepted; bigger ones close the connection. */
    private DataSize maxHeaderSize = DataSize.ofBytes(4096);

    /** Whether a header whose SSL TLV says the client used TLS makes requests secure, with scheme https. */
    private boolean sslTlvSecure = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public List<String> getDirectClients() {
        return directClients;
    }

    public void setDirectClients(List<String> directClients) {
        this.directClients = directClients;
    }

    public Duration getHeaderTimeout() {
        return headerTimeout;
    }

    public void setHeaderTimeout(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    public List<String> getVersions() {
        return versions;
    }

    public void setVersions(List<String> versions) {
        this.versions = versions;
    }

    public DataSize getMaxHeaderSize() {
        return maxHeaderSize;
    }

    public void setMaxHeaderSize(DataSize maxHeaderSize) {
        this.maxHeaderSize = maxHeaderSize;
    }

    public boolean isSslTlvSecure() {
        return sslTlvSecure;
    }

    public void setSslTlvSecure(boolean sslTlvSecure) {
        this.sslTlvSecure = sslTlvSecure;
    }
}
