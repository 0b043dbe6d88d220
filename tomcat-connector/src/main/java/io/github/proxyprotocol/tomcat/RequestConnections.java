package io.github.proxyprotocol.tomcat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ActionHook;
import org.apache.coyote.Request;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * How a request (HTTP/1.1, or an HTTP/2 stream) finds the connection it arrived on, which differs between Tomcat lines:
 * chosen once, from the Tomcat on the class path.
 *
 * <ul>
 *   <li>Tomcat 10.1 and later: the request's {@code ServletConnection} ({@link ActionCode} {@code SERVLET_CONNECTION}),
 *       which the connection's {@link ServletConnectionSocketWrapper} reports.
 *   <li>Tomcat 9.0 has neither {@code ServletConnection} nor that action. A coyote request's action hook is the
 *       processor serving it ({@code Http11Processor}, or an HTTP/2 stream's {@code StreamProcessor}), and a
 *       processor's socket wrapper is its connection; 9.0 has no public way to either, so both are read through
 *       private access to {@code Request.hook} and {@code AbstractProcessor.getSocketWrapper()}.
 * </ul>
 */
abstract class RequestConnections {
    private static final RequestConnections INSTANCE =
            hasServletConnection() ? new FromServletConnection() : new FromProcessor();

    static RequestConnections get() {
        return INSTANCE;
    }

    /** Whether this Tomcat has {@code ServletConnection} (10.1 and later). */
    static boolean hasServletConnection() {
        return Arrays.stream(ActionCode.values()).anyMatch(code -> code.name().equals("SERVLET_CONNECTION"));
    }

    /** A new socket wrapper, of the kind the request lookup finds. */
    abstract ProxyNioSocketWrapper newSocketWrapper(NioChannel channel, NioEndpoint endpoint);

    /** The connection {@code req} arrived on, or {@code null} if it is not one of this protocol's. */
    abstract ProxyNioSocketWrapper connectionOf(Request req);

    /** Tomcat 10.1 and later. */
    private static final class FromServletConnection extends RequestConnections {
        @Override
        ProxyNioSocketWrapper newSocketWrapper(NioChannel channel, NioEndpoint endpoint) {
            return new ServletConnectionSocketWrapper(channel, endpoint);
        }

        @Override
        ProxyNioSocketWrapper connectionOf(Request req) {
            AtomicReference<Object> connection = new AtomicReference<>();
            req.action(ActionCode.SERVLET_CONNECTION, connection);
            return connection.get() instanceof ProxiedServletConnection proxied ? proxied.connection() : null;
        }
    }

    /** Tomcat 9.0. */
    private static final class FromProcessor extends RequestConnections {
        private final MethodHandle hook;
        private final MethodHandle socketWrapper;

        FromProcessor() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                hook = MethodHandles.privateLookupIn(Request.class, lookup)
                        .findGetter(Request.class, "hook", ActionHook.class);
                socketWrapper = MethodHandles.privateLookupIn(AbstractProcessor.class, lookup)
                        .findVirtual(
                                AbstractProcessor.class,
                                "getSocketWrapper",
                                MethodType.methodType(SocketWrapperBase.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException(
                        "Tomcat has no ServletConnection (10.1 and later), nor org.apache.coyote.Request.hook and"
                                + " AbstractProcessor.getSocketWrapper() (9.0), to find a request's connection with",
                        e);
            }
        }

        @Override
        ProxyNioSocketWrapper newSocketWrapper(NioChannel channel, NioEndpoint endpoint) {
            return new ProxyNioSocketWrapper(channel, endpoint);
        }

        @Override
        ProxyNioSocketWrapper connectionOf(Request req) {
            try {
                Object processor = (ActionHook) hook.invokeExact(req);
                if (processor instanceof AbstractProcessor abstractProcessor) {
                    Object wrapper = (SocketWrapperBase<?>) socketWrapper.invokeExact(abstractProcessor);
                    return wrapper instanceof ProxyNioSocketWrapper connection ? connection : null;
                }
                return null;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
