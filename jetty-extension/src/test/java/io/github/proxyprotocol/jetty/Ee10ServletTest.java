package io.github.proxyprotocol.jetty;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** Jetty's ee10 servlet environment (Jakarta Servlet 6.0; Jetty 12.0 and 12.1). */
class Ee10ServletTest {
    @Test
    void theServletSeesTheClientBehindTheHeader() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(WhoAmIServlet.class, "/whoami");
        ServletChecks.check(context);
    }
}
