package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.testsupport.contract.WhoAmI;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@link ContractWhoAmIServlet} for Tomcat 9.0's {@code javax.servlet}. */
final class JavaxContractWhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient AtomicInteger served;

    JavaxContractWhoAmIServlet(AtomicInteger served) {
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
