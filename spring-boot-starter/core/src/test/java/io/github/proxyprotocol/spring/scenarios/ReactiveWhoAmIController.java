package io.github.proxyprotocol.spring.scenarios;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.netty.ProxyProtocolNetty;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.netty.http.server.HttpServerRequest;

/**
 * {@code GET /whoami} in a WebFlux application on Reactor Netty: what the request says about the connection, as the
 * servlet {@link WhoAmIController} does. WebFlux has no {@code isSecure()}: a request is secure when its scheme is
 * {@code https}. The header and the real peer are the connection's, from {@link ProxyProtocolNetty}.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ReactiveWhoAmIController {

    @GetMapping(path = "/whoami", produces = MediaType.TEXT_PLAIN_VALUE)
    public String whoami(ServerHttpRequest request) {
        HttpServerRequest nettyRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        AtomicReference<ProxiedConnection> connection = new AtomicReference<>();
        nettyRequest.withConnection(c -> connection.set(ProxyProtocolNetty.connection(c)));
        InetSocketAddress remote = request.getRemoteAddress();
        InetSocketAddress local = request.getLocalAddress();
        String scheme = request.getURI().getScheme();
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("server", "Reactor Netty (" + nettyRequest.getClass().getName() + ")");
        seen.put("remoteAddr", remote.getAddress().getHostAddress());
        seen.put("remotePort", remote.getPort());
        seen.put("localAddr", local.getAddress().getHostAddress());
        seen.put("localPort", local.getPort());
        seen.put("secure", "https".equals(scheme));
        seen.put("scheme", scheme);
        ProxiedConnection proxied = connection.get();
        seen.put("peer", proxied == null ? null : proxied.peer());
        ProxyHeader header = proxied == null ? null : proxied.header();
        if (header != null) {
            seen.put("version", header.version());
            seen.put("authority", header.authority().orElse(""));
        }
        StringBuilder text = new StringBuilder();
        seen.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }
}
