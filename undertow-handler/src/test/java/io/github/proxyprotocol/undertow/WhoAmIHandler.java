package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxyHeader;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers every request with what Undertow made of it, one {@code key=value} per line. Counts the requests. */
final class WhoAmIHandler implements HttpHandler {
    private final AtomicInteger requests = new AtomicInteger();

    int requests() {
        return requests.get();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        requests.incrementAndGet();
        exchange.getRequestReceiver().receiveFullBytes((done, body) -> respond(done, body.length));
    }

    private static void respond(HttpServerExchange exchange, int bodyLength) {
        ProxyHeader header = exchange.getAttachment(ProxyProtocolHandler.HEADER);
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("remote", format(exchange.getSourceAddress()));
        seen.put("local", format(exchange.getDestinationAddress()));
        seen.put("secure", Boolean.toString(exchange.isSecure()));
        seen.put("scheme", exchange.getRequestScheme());
        seen.put("protocol", exchange.getProtocol().toString());
        seen.put("tls", Boolean.toString(exchange.getConnection().getSslSessionInfo() != null));
        seen.put("peer", format(exchange.getAttachment(ProxyProtocolHandler.PEER)));
        seen.put("header", describe(header));
        seen.put("path", exchange.getRequestPath());
        seen.put("bodyLength", Integer.toString(bodyLength));
        StringBuilder body = new StringBuilder();
        seen.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(body.toString());
    }

    static String describe(ProxyHeader header) {
        if (header == null) {
            return "none";
        }
        StringBuilder text = new StringBuilder(header.version() + " " + header.command() + " " + header.family());
        header.authority().ifPresent(authority -> text.append(" authority=").append(authority));
        header.alpn().ifPresent(alpn -> text.append(" alpn=").append(alpn));
        header.uniqueId()
                .ifPresent(id -> text.append(" uniqueId=").append(id.length).append("bytes"));
        header.ssl()
                .ifPresent(ssl -> text.append(" ssl=")
                        .append(ssl.client())
                        .append('/')
                        .append(ssl.version().orElse("-"))
                        .append('/')
                        .append(ssl.commonName().orElse("-")));
        if (header.crc32c().isPresent()) {
            text.append(" crc32c");
        }
        return text.toString();
    }

    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
