package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.net.SocketEvent;

/**
 * Wraps the connector's adapter (Catalina's entry point) to give each request what its connection's PROXY protocol
 * phase found: the request attributes {@value ProxyHeader#ATTRIBUTE} and {@value ProxyHeader#PEER_ATTRIBUTE}, and the
 * https scheme (so {@code isSecure()}) when the header's SSL TLV says so. It also keeps connections that never got
 * past the PROXY protocol phase out of the access log: they are logged once, by the phase, as rejected.
 */
final class ProxyProtocolAdapter implements Adapter {
    private final Adapter tomcats;
    private final RequestConnections connections = RequestConnections.get();

    ProxyProtocolAdapter(Adapter tomcats) {
        this.tomcats = tomcats;
    }

    @Override
    public void service(Request req, Response res) throws Exception {
        ProxyNioSocketWrapper connection = connections.connectionOf(req);
        ProxiedConnection proxied = connection == null ? null : connection.proxiedConnection();
        if (proxied != null) {
            proxied.setAttributes(req::setAttribute);
            if (proxied.secure()) {
                req.scheme().setString("https");
            }
        }
        tomcats.service(req, res);
    }

    @Override
    public boolean prepare(Request req, Response res) throws Exception {
        return tomcats.prepare(req, res);
    }

    @Override
    public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
        return tomcats.asyncDispatch(req, res, status);
    }

    @Override
    public void log(Request req, Response res, long time) {
        ProxyNioSocketWrapper connection = connections.connectionOf(req);
        if (connection != null && connection.proxiedConnection() == null) {
            return;
        }
        tomcats.log(req, res, time);
    }

    @Override
    public void checkRecycled(Request req, Response res) {
        tomcats.checkRecycled(req, res);
    }

    @Override
    public String getDomain() {
        return tomcats.getDomain();
    }
}
