package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxyHeader;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketAddress;

/** Answers with what the servlet API says about the request, one {@code key=value} per line. */
public class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        PrintWriter out = response.getWriter();
        out.println("remote=" + request.getRemoteAddr() + ":" + request.getRemotePort());
        out.println("local=" + request.getLocalAddr() + ":" + request.getLocalPort());
        out.println("secure=" + request.isSecure());
        out.println("scheme=" + request.getScheme());
        out.println("protocol=" + request.getProtocol());
        out.println("header=" + WhoAmIHandler.describe((ProxyHeader) request.getAttribute(ProxyHeader.ATTRIBUTE)));
        out.println("peer=" + WhoAmIHandler.format((SocketAddress) request.getAttribute(ProxyHeader.PEER_ATTRIBUTE)));
    }
}
