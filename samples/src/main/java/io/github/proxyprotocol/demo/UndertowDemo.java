package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.undertow.ProxyProtocolHandler;
import io.github.proxyprotocol.undertow.ProxyProtocolOptions;
import io.github.proxyprotocol.undertow.ProxyProtocolUndertow;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import org.xnio.OptionMap;

/**
 * Embedded Undertow whose listeners carry {@link ProxyProtocolOptions} (made PROXY-protocol listeners by {@link
 * ProxyProtocolUndertow#enable}), serving {@code /whoami} behind a {@link ProxyProtocolHandler}.
 */
final class UndertowDemo implements DemoServer {
    private final Undertow undertow;
    private final int httpPort;
    private final OptionalInt httpsPort;

    private UndertowDemo(Undertow undertow, int httpPort, OptionalInt httpsPort) {
        this.undertow = undertow;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    static UndertowDemo start(ServerSettings settings) {
        OptionMap proxyProtocol = options(settings);
        Undertow.Builder builder = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost(settings.host())
                        .setPort(settings.httpPort())
                        .setOverrideSocketOptions(proxyProtocol))
                .setHandler(new ProxyProtocolHandler(new WhoAmIHandler()));
        if (settings.httpsPort().isPresent()) {
            builder.addListener(new Undertow.ListenerBuilder()
                    .setType(Undertow.ListenerType.HTTPS)
                    .setHost(settings.host())
                    .setPort(settings.httpsPort().getAsInt())
                    .setSslContext(DemoCertificate.serverContext())
                    .setOverrideSocketOptions(proxyProtocol));
        }
        ProxyProtocolUndertow.enable(builder);
        Undertow undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            undertow.stop();
            throw e;
        }
        int http = -1;
        OptionalInt https = OptionalInt.empty();
        for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
            int port = ((InetSocketAddress) listener.getAddress()).getPort();
            if ("https".equals(listener.getProtcol())) {
                https = OptionalInt.of(port);
            } else {
                http = port;
            }
        }
        return new UndertowDemo(undertow, http, https);
    }

    private static OptionMap options(ServerSettings settings) {
        return OptionMap.create(ProxyProtocolOptions.CONFIG, settings.proxyProtocol());
    }

    @Override
    public Container container() {
        return Container.UNDERTOW;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public OptionalInt httpsPort() {
        return httpsPort;
    }

    @Override
    public void close() {
        undertow.stop();
    }

    /** Answers {@code GET /whoami} from the exchange's addresses and the PROXY protocol attachments. */
    private static final class WhoAmIHandler implements HttpHandler {
        @Override
        public void handleRequest(HttpServerExchange exchange) {
            if (!WhoAmI.PATH.equals(exchange.getRelativePath()) || !Methods.GET.equals(exchange.getRequestMethod())) {
                exchange.setStatusCode(StatusCodes.NOT_FOUND);
                exchange.endExchange();
                return;
            }
            InetSocketAddress remote = exchange.getSourceAddress();
            InetSocketAddress local = exchange.getDestinationAddress();
            WhoAmI whoAmI = new WhoAmI(
                    Container.UNDERTOW.id(),
                    remote.getAddress().getHostAddress(),
                    remote.getPort(),
                    local.getAddress().getHostAddress(),
                    local.getPort(),
                    exchange.isSecure(),
                    exchange.getRequestScheme(),
                    exchange.getAttachment(ProxyProtocolHandler.PEER),
                    exchange.getAttachment(ProxyProtocolHandler.HEADER));
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, WhoAmI.CONTENT_TYPE);
            exchange.getResponseSender().send(whoAmI.toJson().toString());
        }
    }
}
