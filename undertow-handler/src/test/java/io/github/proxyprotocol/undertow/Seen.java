package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.testsupport.RawHttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link WhoAmIHandler} (or the servlet) reported, parsed from a response body. */
final class Seen {
    private Seen() {}

    static Map<String, String> of(String body) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : body.split("\r?\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                seen.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return seen;
    }

    static Map<String, String> of(RawHttpResponse response) {
        if (response.status() != 200) {
            throw new AssertionError("expected 200, got " + response);
        }
        return of(response.body());
    }
}
