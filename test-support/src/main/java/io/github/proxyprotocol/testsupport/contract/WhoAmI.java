package io.github.proxyprotocol.testsupport.contract;

import io.github.proxyprotocol.common.ProxyHeader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the contract's {@code /whoami} answers: one {@code name=value} line per field, from what the container's
 * request API reports. Each container's test endpoint builds it with {@link #format}; the suite reads it back with
 * {@link #parse}.
 */
public final class WhoAmI {
    private final Map<String, String> fields;

    private WhoAmI(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * The body for a request, from the container's request API and the two request attributes ({@code header}: the
     * value of {@value ProxyHeader#ATTRIBUTE}, {@code peer}: of {@value ProxyHeader#PEER_ATTRIBUTE}).
     */
    public static String format(
            String remoteAddr,
            int remotePort,
            String localAddr,
            int localPort,
            boolean secure,
            String scheme,
            String protocol,
            Object header,
            Object peer) {
        StringBuilder body = new StringBuilder();
        line(body, "remoteAddr", remoteAddr);
        line(body, "remotePort", remotePort);
        line(body, "localAddr", localAddr);
        line(body, "localPort", localPort);
        line(body, "secure", secure);
        line(body, "scheme", scheme);
        line(body, "protocol", protocol);
        if (header instanceof ProxyHeader h) {
            line(body, "header.version", h.version());
            line(body, "header.command", h.command());
            line(body, "header.family", h.family());
            line(body, "header.source", h.source());
            line(body, "header.tlvs", h.tlvs().size());
        } else {
            line(body, "header", header);
        }
        line(body, "peer", peer);
        return body.toString();
    }

    private static void line(StringBuilder body, String name, Object value) {
        body.append(name).append('=').append(value).append('\n');
    }

    /** Reads a body written by {@link #format}. */
    public static WhoAmI parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!fields.containsKey("remoteAddr")) {
            throw new AssertionError("not a /whoami answer: " + body);
        }
        return new WhoAmI(fields);
    }

    /** A field as text; {@code "null"} for an absent attribute. */
    public String get(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new AssertionError("no field " + name + " in " + fields);
        }
        return value;
    }

    /** The client's address as the container reports it; an IPv6 address without the brackets some put around it. */
    public String remoteAddr() {
        return unbracketed(get("remoteAddr"));
    }

    private static String unbracketed(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    public int remotePort() {
        return Integer.parseInt(get("remotePort"));
    }

    /** The local address as the container reports it; an IPv6 address without brackets. */
    public String localAddr() {
        return unbracketed(get("localAddr"));
    }

    public int localPort() {
        return Integer.parseInt(get("localPort"));
    }

    public boolean secure() {
        return Boolean.parseBoolean(get("secure"));
    }

    public String scheme() {
        return get("scheme");
    }

    /** Whether the header attribute is set. */
    public boolean hasHeader() {
        return fields.containsKey("header.command");
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
