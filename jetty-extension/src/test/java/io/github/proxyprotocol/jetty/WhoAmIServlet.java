package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxyHeader;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The servlet twin of {@link WhoAmIHandler}: what {@link HttpServletRequest} says about the connection. */
public class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("remoteAddr", request.getRemoteAddr());
        seen.put("remotePort", request.getRemotePort());
        seen.put("localAddr", request.getLocalAddr());
        seen.put("localPort", request.getLocalPort());
        seen.put("secure", request.isSecure());
        seen.put("scheme", request.getScheme());
        seen.put("protocol", request.getProtocol());
        Object peer = request.getAttribute(ProxyHeader.PEER_ATTRIBUTE);
        seen.put("peer", peer instanceof InetSocketAddress inet ? WhoAmIHandler.hostAndPort(inet) : peer);
        WhoAmIHandler.describe(seen, (ProxyHeader) request.getAttribute(ProxyHeader.ATTRIBUTE));
        response.setContentType("text/plain;charset=utf-8");
        StringBuilder body = new StringBuilder();
        seen.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
        response.getWriter().write(body.toString());
    }
}
