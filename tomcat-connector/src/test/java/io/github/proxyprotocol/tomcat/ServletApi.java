package io.github.proxyprotocol.tomcat;

import java.lang.reflect.InvocationTargetException;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * The servlet API of the Tomcat the tests run on: {@code jakarta.servlet} (10.1 and 11.0, which the tests compile
 * against) or {@code javax.servlet} (9.0). Tests that run on every line create the servlet of the running API and add
 * it here, since {@code Tomcat.addServlet}'s signature names the API's {@code Servlet}.
 */
final class ServletApi {
    /** Whether Tomcat is 9.0, on {@code javax.servlet}. */
    static final boolean JAVAX = ServerInfo.getServerNumber().startsWith("9.");

    private ServletApi() {}

    /** {@code Tomcat.addServlet(context, name, servlet)}, {@code servlet} being of this Tomcat's API. */
    static Wrapper addServlet(Context context, String name, Object servlet) {
        try {
            Class<?> servletType = Class.forName(
                    (JAVAX ? "javax" : "jakarta") + ".servlet.Servlet", false, Tomcat.class.getClassLoader());
            return (Wrapper) Tomcat.class
                    .getMethod("addServlet", Context.class, String.class, servletType)
                    .invoke(null, context, name, servlet);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
