package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.ProxyHeader;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/** Answers with what the servlet API and the PROXY protocol request attributes say about the connection. */
public final class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final String container;

    /** A servlet naming {@code container} in its answers. */
    public WhoAmIServlet(String container) {
        this.container = container;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WhoAmI whoAmI = new WhoAmI(
                container,
                request.getRemoteAddr(),
                request.getRemotePort(),
                request.getLocalAddr(),
                request.getLocalPort(),
                request.isSecure(),
                request.getScheme(),
                (SocketAddress) request.getAttribute(ProxyHeader.PEER_ATTRIBUTE),
                (ProxyHeader) request.getAttribute(ProxyHeader.ATTRIBUTE));
        byte[] body = whoAmI.toJson().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType(WhoAmI.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
