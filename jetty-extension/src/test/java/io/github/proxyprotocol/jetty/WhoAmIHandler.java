package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** A core handler answering every request with what it saw of the connection, as {@code key=value} lines. */
public final class WhoAmIHandler extends Handler.Abstract {
    private final AtomicInteger handled = new AtomicInteger();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        handled.incrementAndGet();
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("remoteAddr", Request.getRemoteAddr(request));
        seen.put("remotePort", Request.getRemotePort(request));
        seen.put("localAddr", Request.getLocalAddr(request));
        seen.put("localPort", Request.getLocalPort(request));
        seen.put("secure", request.isSecure());
        seen.put("connectionSecure", request.getConnectionMetaData().isSecure());
        seen.put("scheme", request.getHttpURI().getScheme());
        seen.put("protocol", request.getConnectionMetaData().getProtocol());
        seen.put("path", request.getHttpURI().getPath());
        Object peer = request.getAttribute(ProxyHeader.PEER_ATTRIBUTE);
        seen.put("peer", peer instanceof InetSocketAddress inet ? hostAndPort(inet) : String.valueOf(peer));
        describe(seen, (ProxyHeader) request.getAttribute(ProxyHeader.ATTRIBUTE));
        StringBuilder body = new StringBuilder();
        seen.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        Content.Sink.write(response, true, body.toString(), callback);
        return true;
    }

    static void describe(Map<String, Object> seen, ProxyHeader header) {
        if (header == null) {
            seen.put("header", "none");
            return;
        }
        seen.put("header", "v" + header.version().number() + " " + header.command());
        header.authority().ifPresent(authority -> seen.put("authority", authority));
        header.alpn().ifPresent(alpn -> seen.put("alpn", alpn));
        header.uniqueId().ifPresent(id -> seen.put("uniqueIdLength", id.length));
        header.ssl().flatMap(SslTlv::version).ifPresent(version -> seen.put("sslVersion", version));
        header.ssl().flatMap(SslTlv::commonName).ifPresent(cn -> seen.put("sslCn", cn));
    }

    static String hostAndPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** How many requests reached this handler. */
    int handled() {
        return handled.get();
    }

    /** Parses a response body of this handler. */
    static Map<String, String> parse(String body) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                seen.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return seen;
    }
}
