package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.testsupport.contract.WhoAmI;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** The contract suite's {@code /whoami}, from the servlet API ({@link JavaxContractWhoAmIServlet} on Tomcat 9.0). */
final class ContractWhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient AtomicInteger served;

    ContractWhoAmIServlet(AtomicInteger served) {
        this.served = served;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        served.incrementAndGet();
        response.setContentType("text/plain");
        response.getWriter()
                .write(WhoAmI.format(
                        request.getRemoteAddr(),
                        request.getRemotePort(),
                        request.getLocalAddr(),
                        request.getLocalPort(),
                        request.isSecure(),
                        request.getScheme(),
                        request.getProtocol(),
                        request.getAttribute(ProxyHeader.ATTRIBUTE),
                        request.getAttribute(ProxyHeader.PEER_ATTRIBUTE)));
    }
}
