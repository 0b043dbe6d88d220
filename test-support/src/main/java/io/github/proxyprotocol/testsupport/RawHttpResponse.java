package io.github.proxyprotocol.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP/1.x response read by {@link RawConnection}: status line, headers (names case-insensitive), body. */
public final class RawHttpResponse {

    private final String version;
    private final int status;
    private final String reason;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    RawHttpResponse(String version, int status, String reason, Map<String, List<String>> headers, byte[] body) {
        this.version = version;
        this.status = status;
        this.reason = reason;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body.clone();
    }

    /** The protocol of the status line, e.g. {@code HTTP/1.1}. */
    public String version() {
        return version;
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The reason phrase (may be empty). */
    public String reason() {
        return reason;
    }

    /** Every header, by name (case-insensitive), values in the order received. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of header {@code name}, or {@code null} if absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of header {@code name} (empty if absent). */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The body (de-chunked), decoded as UTF-8. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body's bytes (de-chunked). */
    public byte[] bodyBytes() {
        return body.clone();
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason + " " + headers + "\n" + body();
    }
}
