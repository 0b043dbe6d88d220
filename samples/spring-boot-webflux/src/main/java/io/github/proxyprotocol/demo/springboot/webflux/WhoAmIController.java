package io.github.proxyprotocol.demo.springboot.webflux;

import io.github.proxyprotocol.common.AddressFamily;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.TransportProtocol;
import io.github.proxyprotocol.netty.ProxyProtocolNetty;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.netty.http.server.HttpServerRequest;

/**
 * {@code GET /whoami}: the client as the application sees it (the header's addresses), the balancer that connected
 * ({@code peer}), and the PROXY header itself, or {@code "proxy": null} for a client served without one. WebFlux
 * requests carry the header's addresses; the header and the peer are the connection's, from {@link
 * ProxyProtocolNetty}.
 */
@RestController
public class WhoAmIController {

    @GetMapping("/whoami")
    public Map<String, Object> whoami(ServerHttpRequest request) {
        HttpServerRequest nettyRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        AtomicReference<ProxiedConnection> connection = new AtomicReference<>();
        nettyRequest.withConnection(c -> connection.set(ProxyProtocolNetty.connection(c)));
        InetSocketAddress remote = request.getRemoteAddress();
        InetSocketAddress local = request.getLocalAddress();
        String scheme = request.getURI().getScheme();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("remoteAddr", remote.getAddress().getHostAddress());
        body.put("remotePort", remote.getPort());
        body.put("localAddr", local.getAddress().getHostAddress());
        body.put("localPort", local.getPort());
        body.put("secure", "https".equals(scheme));
        body.put("scheme", scheme);
        ProxiedConnection proxied = connection.get();
        if (proxied != null && proxied.peer() instanceof InetSocketAddress peer) {
            body.put("peerAddr", peer.getAddress().getHostAddress());
            body.put("peerPort", peer.getPort());
        }
        body.put("proxy", proxied != null && proxied.header() != null ? proxy(proxied.header()) : null);
        return body;
    }

    private static Map<String, Object> proxy(ProxyHeader header) {
        Map<String, Object> proxy = new LinkedHashMap<>();
        proxy.put("version", header.version().number());
        proxy.put("command", header.command().name());
        proxy.put("family", family(header));
        Map<String, Object> tlvs = new LinkedHashMap<>();
        header.authority().ifPresent(authority -> tlvs.put("authority", authority));
        header.alpn().ifPresent(alpn -> tlvs.put("alpn", alpn));
        header.ssl().ifPresent(ssl -> tlvs.put("ssl", ssl(ssl)));
        proxy.put("tlvs", tlvs);
        return proxy;
    }

    /** The family as a v1 header spells it ({@code TCP4}, {@code TCP6}, {@code UNKNOWN}); v2 adds UDP and UNIX. */
    private static String family(ProxyHeader header) {
        boolean stream = header.transport() != TransportProtocol.DGRAM;
        AddressFamily family = header.family();
        if (family == AddressFamily.INET) {
            return stream ? "TCP4" : "UDP4";
        }
        if (family == AddressFamily.INET6) {
            return stream ? "TCP6" : "UDP6";
        }
        if (family == AddressFamily.UNIX) {
            return stream ? "UNIX_STREAM" : "UNIX_DGRAM";
        }
        return header.version() == ProtocolVersion.V1 ? "UNKNOWN" : "UNSPEC";
    }

    private static Map<String, Object> ssl(SslTlv ssl) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("client", ssl.client());
        map.put("verified", ssl.isVerified());
        ssl.version().ifPresent(version -> map.put("version", version));
        ssl.commonName().ifPresent(cn -> map.put("cn", cn));
        return map;
    }
}
