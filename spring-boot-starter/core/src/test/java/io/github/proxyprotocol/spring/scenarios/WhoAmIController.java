package io.github.proxyprotocol.spring.scenarios;

import io.github.proxyprotocol.common.ProxyHeader;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /whoami}: what the servlet request says about the connection, as {@code name=value} lines. WebFlux
 * applications have {@link ReactiveWhoAmIController} instead.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WhoAmIController {

    @GetMapping(path = "/whoami", produces = MediaType.TEXT_PLAIN_VALUE)
    public String whoami(HttpServletRequest request) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("server", request.getServletContext().getServerInfo());
        seen.put("remoteAddr", request.getRemoteAddr());
        seen.put("remotePort", request.getRemotePort());
        seen.put("localAddr", request.getLocalAddr());
        seen.put("localPort", request.getLocalPort());
        seen.put("secure", request.isSecure());
        seen.put("scheme", request.getScheme());
        seen.put("peer", request.getAttribute(ProxyHeader.PEER_ATTRIBUTE));
        if (request.getAttribute(ProxyHeader.ATTRIBUTE) instanceof ProxyHeader header) {
            seen.put("version", header.version());
            seen.put("authority", header.authority().orElse(""));
        }
        StringBuilder text = new StringBuilder();
        seen.forEach(
                (name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }
}
