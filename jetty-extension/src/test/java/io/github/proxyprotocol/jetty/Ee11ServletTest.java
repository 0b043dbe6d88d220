package io.github.proxyprotocol.jetty;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** Jetty's ee11 servlet environment (Jakarta Servlet 6.1; Jetty 12.1 only). */
class Ee11ServletTest {
    @Test
    void theServletSeesTheClientBehindTheHeader() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(WhoAmIServlet.class, "/whoami");
        ServletChecks.check(context);
    }
}
