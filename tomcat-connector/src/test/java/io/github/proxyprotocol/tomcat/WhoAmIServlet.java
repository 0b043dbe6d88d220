package io.github.proxyprotocol.tomcat;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers with what the request tells about its connection, as JSON. */
public class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder json = new StringBuilder("{");
        field(json, "remoteAddr", request.getRemoteAddr()).append(',');
        field(json, "remoteHost", request.getRemoteHost()).append(',');
        json.append("\"remotePort\":").append(request.getRemotePort()).append(',');
        field(json, "localAddr", request.getLocalAddr()).append(',');
        field(json, "localName", request.getLocalName()).append(',');
        json.append("\"localPort\":").append(request.getLocalPort()).append(',');
        json.append("\"secure\":").append(request.isSecure()).append(',');
        json.append("\"connectionSecure\":")
                .append(request.getServletConnection().isSecure())
                .append(',');
        field(json, "scheme", request.getScheme()).append(',');
        field(json, "protocol", request.getProtocol()).append(',');
        Object peer = request.getAttribute(ProxyHeader.PEER_ATTRIBUTE);
        field(json, "peer", peer == null ? null : peer.toString()).append(',');
        json.append("\"proxy\":");
        Object header = request.getAttribute(ProxyHeader.ATTRIBUTE);
        if (header instanceof ProxyHeader proxy) {
            proxy(json, proxy);
        } else {
            json.append("null");
        }
        json.append('}');
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void proxy(StringBuilder json, ProxyHeader proxy) {
        json.append("{\"version\":").append(proxy.version().number()).append(',');
        field(json, "command", proxy.command().name()).append(',');
        field(json, "family", proxy.family() == null ? null : proxy.family().name())
                .append(',');
        field(json, "source", String.valueOf(proxy.source())).append(',');
        field(json, "authority", proxy.authority().orElse(null)).append(',');
        field(json, "alpn", proxy.alpn().orElse(null)).append(',');
        json.append("\"uniqueIdLength\":")
                .append(proxy.uniqueId().map(id -> id.length).orElse(0))
                .append(',');
        json.append("\"ssl\":");
        SslTlv ssl = proxy.ssl().orElse(null);
        if (ssl == null) {
            json.append("null");
        } else {
            json.append("{\"client\":").append(ssl.client()).append(',');
            json.append("\"verified\":").append(ssl.isVerified()).append(',');
            field(json, "version", ssl.version().orElse(null)).append(',');
            field(json, "cn", ssl.commonName().orElse(null)).append('}');
        }
        json.append('}');
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
