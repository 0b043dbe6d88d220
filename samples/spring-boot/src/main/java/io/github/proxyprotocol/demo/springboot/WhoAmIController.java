package io.github.proxyprotocol.demo.springboot;

import io.github.proxyprotocol.common.AddressFamily;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.TransportProtocol;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /whoami}: the client as the application sees it (the header's addresses), the balancer that connected
 * ({@code peer}), and the PROXY header itself, or {@code "proxy": null} for a client served without one.
 */
@RestController
public class WhoAmIController {

    @GetMapping("/whoami")
    public Map<String, Object> whoami(HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("remoteAddr", request.getRemoteAddr());
        body.put("remotePort", request.getRemotePort());
        body.put("localAddr", request.getLocalAddr());
        body.put("localPort", request.getLocalPort());
        body.put("secure", request.isSecure());
        body.put("scheme", request.getScheme());
        if (request.getAttribute(ProxyHeader.PEER_ATTRIBUTE) instanceof InetSocketAddress peer) {
            body.put("peerAddr", peer.getAddress().getHostAddress());
            body.put("peerPort", peer.getPort());
        }
        body.put(
                "proxy",
                request.getAttribute(ProxyHeader.ATTRIBUTE) instanceof ProxyHeader header ? proxy(header) : null);
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
