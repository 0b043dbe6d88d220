import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.undertow.ProxyProtocolHandler;
import io.github.proxyprotocol.undertow.ProxyProtocolOptions;
import io.github.proxyprotocol.undertow.ProxyProtocolUndertow;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import org.xnio.OptionMap;

/**
 * An Undertow server whose HTTP listener reads a PROXY protocol header (v1 or v2) from the balancers it trusts and
 * answers {@code GET /whoami} with what it learned. Arguments: {@code [port] [trusted proxies]}, defaults {@code 8080}
 * and {@code 127.0.0.1/32,::1/128}.
 */
public class UndertowProxyProtocolExample {
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        String trustedProxies = args.length > 1 ? args[1] : "127.0.0.1/32,::1/128";

        OptionMap proxyProtocol = OptionMap.builder()
                .set(ProxyProtocolOptions.TRUSTED_PROXIES, trustedProxies)
                .set(ProxyProtocolOptions.HEADER_TIMEOUT, 3000)
                .getMap();
        Undertow.Builder builder = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setOverrideSocketOptions(proxyProtocol))
                .setHandler(new ProxyProtocolHandler(new AccessLogHandler(
                        Handlers.path().addExactPath("/whoami", UndertowProxyProtocolExample::whoami),
                        System.out::println,
                        "%a %r %s",
                        UndertowProxyProtocolExample.class.getClassLoader())));
        ProxyProtocolUndertow.enable(builder);
        Undertow server = builder.build();
        server.start();
        System.out.println("ready container=undertow http=" + port);
    }

    private static void whoami(HttpServerExchange exchange) {
        InetSocketAddress remote = exchange.getSourceAddress();
        InetSocketAddress local = exchange.getDestinationAddress();
        ProxiedConnection connection = ProxyProtocolHandler.connection(exchange);
        ProxyHeader header = exchange.getAttachment(ProxyProtocolHandler.HEADER);
        String json = "{\"container\":\"undertow\""
                + ",\"remoteAddr\":\"" + remote.getAddress().getHostAddress() + "\",\"remotePort\":" + remote.getPort()
                + ",\"localAddr\":\"" + local.getAddress().getHostAddress() + "\",\"localPort\":" + local.getPort()
                + ",\"secure\":" + exchange.isSecure() + ",\"scheme\":\"" + exchange.getRequestScheme() + "\""
                + ",\"peer\":\"" + (connection == null ? null : connection.peer()) + "\""
                + ",\"proxy\":" + (header == null ? "null" : "\"" + header + "\"") + "}\n";
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(json);
    }
}
