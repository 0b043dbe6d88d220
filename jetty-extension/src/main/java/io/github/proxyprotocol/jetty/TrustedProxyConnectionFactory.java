package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.HeaderPhase;
import io.github.proxyprotocol.common.LogSink;
import io.github.proxyprotocol.common.PeerMode;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.ProxyProtocolGate;
import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import java.util.Objects;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A strict PROXY protocol (v1 and v2) {@link ConnectionFactory}: put it first on a connector, in front of HTTP/1.1,
 * TLS, ALPN, HTTP/2 or h2c. Each connection's peer address decides, before a byte is read, whether it must send a
 * header (a trusted proxy), may send one (trusted proxy and direct client), must not (a direct client) or is closed at
 * once (anyone else). A valid header's addresses become the connection's remote and local addresses for every
 * request on it; bad input closes the connection without a response, logs one rate-limited line and counts in
 * {@link #getMetrics()}, which Jetty's JMX module exposes.
 *
 * <p>The settings are kept as text and checked when the connector starts: a bad one fails the start, naming its
 * module property ({@code jetty.proxyProtocol.trustedProxies}...); a change while started applies at the next start.
 * Use one factory per connector: each has its own counters. A connector that also has Jetty's own {@link
 * ProxyConnectionFactory}, which believes every peer, fails to start. When the connector starts, a {@link
 * ProxyProtocolCustomizer} is added to the {@link HttpConfiguration} of every HTTP factory on it that has none, for
 * the request attributes and the secure flag.
 */
@ManagedObject("Reads a PROXY protocol header from trusted proxies before the next protocol")
public class TrustedProxyConnectionFactory extends AbstractConnectionFactory implements ConnectionFactory.Configuring {
    /** This factory's protocol name in a connector's list; distinct from Jetty's own {@code proxy}. */
    public static final String PROTOCOL = "proxy-protocol-trusted";

    /** The protocol name of Jetty's own PROXY protocol factory, which trusts every peer. */
    private static final String JETTY_PROXY_PROTOCOL = "proxy";

    private static final Logger LOG = LoggerFactory.getLogger(TrustedProxyConnectionFactory.class);

    private final ProxyProtocolSettings settings;
    private final String nextProtocol;
    private volatile String listenerName;
    private volatile ProxyProtocolGate gate;

    /** A factory handing connections to the protocol after it in the connector's list. */
    public TrustedProxyConnectionFactory() {
        this(new ProxyProtocolSettings(), null);
    }

    /** A factory handing connections to {@code nextProtocol} ({@code null}: the one after it in the list). */
    public TrustedProxyConnectionFactory(String nextProtocol) {
        this(new ProxyProtocolSettings(), nextProtocol);
    }

    /** A factory with these parsed settings, handing connections to the protocol after it in the list. */
    public TrustedProxyConnectionFactory(ProxyProtocolConfig config) {
        this(ProxyProtocolSettings.of(config), null);
    }

    /** A factory with these parsed settings, handing connections to {@code nextProtocol} (or the next one). */
    public TrustedProxyConnectionFactory(ProxyProtocolConfig config, String nextProtocol) {
        this(ProxyProtocolSettings.of(config), nextProtocol);
    }

    /** A factory with a copy of {@code settings}, handing connections to the protocol after it in the list. */
    public TrustedProxyConnectionFactory(ProxyProtocolSettings settings) {
        this(settings, null);
    }

    /** A factory with a copy of {@code settings}, handing connections to {@code nextProtocol} (or the next one). */
    public TrustedProxyConnectionFactory(ProxyProtocolSettings settings, String nextProtocol) {
        super(PROTOCOL);
        this.settings = new ProxyProtocolSettings(Objects.requireNonNull(settings, "settings"));
        this.nextProtocol = nextProtocol;
    }

    /** CIDRs or addresses of the load balancers allowed to send a header, or {@code *} for any peer. Required. */
    public void setTrustedProxies(String cidrs) {
        settings.setTrustedProxies(cidrs);
    }

    @ManagedAttribute("CIDRs of the proxies allowed to send a PROXY header (jetty.proxyProtocol.trustedProxies)")
    public String getTrustedProxies() {
        return settings.getTrustedProxies();
    }

    /** CIDRs or addresses of clients served without a header. Default: none. */
    public void setDirectClients(String cidrs) {
        settings.setDirectClients(cidrs);
    }

    @ManagedAttribute("CIDRs of the clients served without a header (jetty.proxyProtocol.directClients)")
    public String getDirectClients() {
        return settings.getDirectClients();
    }

    /** Milliseconds a connection has to deliver its whole header. Default: 5000. */
    public void setHeaderTimeout(String millis) {
        settings.setHeaderTimeout(millis);
    }

    /** Milliseconds a connection has to deliver its whole header. */
    public void setHeaderTimeout(long millis) {
        settings.setHeaderTimeout(millis);
    }

    @ManagedAttribute("Milliseconds a connection has to send its whole header (jetty.proxyProtocol.headerTimeout)")
    public String getHeaderTimeout() {
        return settings.getHeaderTimeout();
    }

    /** The accepted versions: {@code v1}, {@code v2} or {@code v1,v2} (the default). */
    public void setVersions(String versions) {
        settings.setVersions(versions);
    }

    @ManagedAttribute("The accepted PROXY protocol versions (jetty.proxyProtocol.versions)")
    public String getVersions() {
        return settings.getVersions();
    }

    /** The largest header accepted, in bytes. Default: 4096. */
    public void setMaxHeaderSize(String bytes) {
        settings.setMaxHeaderSize(bytes);
    }

    /** The largest header accepted, in bytes. */
    public void setMaxHeaderSize(int bytes) {
        settings.setMaxHeaderSize(bytes);
    }

    @ManagedAttribute("The largest header accepted, in bytes (jetty.proxyProtocol.maxHeaderSize)")
    public String getMaxHeaderSize() {
        return settings.getMaxHeaderSize();
    }

    /** Whether an SSL TLV saying the client used TLS marks requests secure (https). Default: true. */
    public void setSslTlvSecure(String secure) {
        settings.setSslTlvSecure(secure);
    }

    /** Whether an SSL TLV saying the client used TLS marks requests secure (https). */
    public void setSslTlvSecure(boolean secure) {
        settings.setSslTlvSecure(secure);
    }

    @ManagedAttribute("Whether an SSL TLV marks requests secure (jetty.proxyProtocol.sslTlvSecure)")
    public String getSslTlvSecure() {
        return settings.getSslTlvSecure();
    }

    /** A copy of the current settings. */
    public ProxyProtocolSettings getSettings() {
        return new ProxyProtocolSettings(settings);
    }

    @ManagedAttribute("The protocol connections are handed to; empty: the next one in the connector's list")
    public String getNextProtocol() {
        return nextProtocol;
    }

    /** This connector's gate (settings, metrics, log) while started or after; {@code null} before the first start. */
    public @Nullable ProxyProtocolGate getGate() {
        return gate;
    }

    /** The counters of this connector, or {@code null} before the first start. */
    public @Nullable ProxyProtocolMetrics getMetrics() {
        ProxyProtocolGate current = gate;
        return current == null ? null : current.metrics();
    }

    /**
     * Called as the connector starts: checks that Jetty's own {@link ProxyConnectionFactory} is not on the connector
     * too and that a protocol follows this one, and adds a {@link
     * ProxyProtocolCustomizer} to the HTTP configurations of the connector's HTTP factories that have none.
     */
    @Override
    public void configure(Connector connector) {
        listenerName = describe(connector);
        refuseJettysProxyFactory(connector);
        nextFactory(connector);
        for (ConnectionFactory factory : connector.getConnectionFactories()) {
            if (factory instanceof HttpConfiguration.ConnectionFactory http) {
                ProxyProtocolCustomizer.addTo(http.getHttpConfiguration());
            }
        }
    }

    @Override
    protected void doStart() throws Exception {
        ProxyProtocolGate previous = gate;
        if (previous != null) {
            removeBean(previous.metrics());
        }
        String name = listenerName == null ? "a Jetty connector" : listenerName;
        ProxyProtocolGate started = new ProxyProtocolGate(
                name, settings.toConfig(), LogSink.of(LOG::warn, LOG::debug, LOG::isDebugEnabled));
        gate = started;
        addBean(started.metrics());
        LOG.info("PROXY protocol on {}: {}", name, started.config());
        super.doStart();
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        ProxyProtocolGate current = gate;
        if (current == null) {
            throw new IllegalStateException(this + " was never started");
        }
        HeaderPhase phase = current.newHeaderPhase();
        if (phase.begin(endPoint.getRemoteSocketAddress()) == PeerMode.REJECTED) {
            return configure(new RejectedConnection(endPoint, connector.getExecutor()), connector, endPoint);
        }
        ConnectionFactory next = nextFactory(connector);
        return configure(new ProxyHeaderConnection(endPoint, connector, next, phase), connector, endPoint);
    }

    private ConnectionFactory nextFactory(Connector connector) {
        String next = nextProtocol != null ? nextProtocol : findNextProtocol(connector);
        if (next == null) {
            throw new IllegalStateException("No protocol follows " + PROTOCOL + " in " + connector.getProtocols()
                    + " of " + connector + ": add it first, in front of http/1.1, ssl or h2c");
        }
        ConnectionFactory factory = connector.getConnectionFactory(next);
        if (factory == null) {
            throw new IllegalStateException("No protocol '" + next + "' in " + connector.getProtocols() + " of "
                    + connector + " for " + PROTOCOL + " to hand connections to");
        }
        return factory;
    }

    /**
     * Jetty's own PROXY protocol factory believes a header from any peer: next to this one (before or after it), a
     * client behind the balancer could send a header of its own and choose the address requests are seen from.
     */
    private static void refuseJettysProxyFactory(Connector connector) {
        for (ConnectionFactory factory : connector.getConnectionFactories()) {
            if (factory instanceof ProxyConnectionFactory
                    || JETTY_PROXY_PROTOCOL.equals(factory.getProtocol())
                    || factory.getProtocols().contains(JETTY_PROXY_PROTOCOL)) {
                throw new IllegalStateException(describe(connector) + " has Jetty's ProxyConnectionFactory ("
                        + factory + ") as well as " + PROTOCOL + " in " + connector.getProtocols()
                        + ": remove it (the proxy-protocol and proxy-protocol-ssl modules add it). It trusts every"
                        + " peer, so next to " + PROTOCOL + " a client behind the balancer could send a second"
                        + " header and forge its address.");
            }
        }
    }

    private static String describe(Connector connector) {
        if (connector.getName() != null) {
            return "connector " + connector.getName();
        }
        if (connector instanceof NetworkConnector network) {
            int port = network.getLocalPort() > 0 ? network.getLocalPort() : network.getPort();
            String host = network.getHost() == null ? "*" : network.getHost();
            return "connector " + host + ":" + port;
        }
        return "connector " + connector;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "@" + Integer.toHexString(hashCode()) + "[" + PROTOCOL + ", " + settings
                + "]";
    }
}
