package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Gives each request of a connection that went through a {@link TrustedProxyConnectionFactory} the request attributes
 * {@value ProxyHeader#ATTRIBUTE} (the parsed header; absent for a direct client) and {@value
 * ProxyHeader#PEER_ATTRIBUTE} (the real peer: the balancer's address), and makes it secure with the configuration's
 * secure scheme ({@code https}) when the header's SSL TLV says the client used TLS and {@code sslTlvSecure} is on.
 * Requests of other connections pass unchanged. The factory adds one to the connector's HTTP configurations when
 * the connector starts.
 */
public class ProxyProtocolCustomizer implements HttpConfiguration.Customizer {

    /** Adds a customizer to {@code configuration} unless it has one; returns whether it added one. */
    public static boolean addTo(HttpConfiguration configuration) {
        if (configuration.getCustomizer(ProxyProtocolCustomizer.class) != null) {
            return false;
        }
        configuration.addCustomizer(new ProxyProtocolCustomizer());
        return true;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        ConnectionMetaData metaData = request.getConnectionMetaData();
        ProxiedEndPoint endPoint = ProxiedEndPoint.find(metaData.getConnection().getEndPoint());
        if (endPoint == null) {
            return request;
        }
        ProxiedConnection connection = endPoint.proxiedConnection();
        connection.setAttributes(request::setAttribute);
        if (connection.secure() && !request.isSecure()) {
            return new SecureRequest(request, metaData.getHttpConfiguration().getSecureScheme());
        }
        return request;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    /** A request the balancer received over TLS: secure, with the secure scheme. */
    private static final class SecureRequest extends Request.Wrapper {
        private final HttpURI uri;
        private final ConnectionMetaData metaData;

        SecureRequest(Request request, String secureScheme) {
            super(request);
            this.uri = HttpURI.build(request.getHttpURI()).scheme(secureScheme).asImmutable();
            this.metaData = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                @Override
                public boolean isSecure() {
                    return true;
                }
            };
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public boolean isSecure() {
            return true;
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return metaData;
        }
    }
}
