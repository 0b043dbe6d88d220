package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.testsupport.RawHttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small reader for the whoami servlet's JSON (objects, strings, numbers, booleans, null), by dotted path. */
final class Json {
    private final Map<String, Object> root;

    private Json(Map<String, Object> root) {
        this.root = root;
    }

    static Json parse(String text) {
        Reader reader = new Reader(text);
        Object value = reader.value();
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return new Json(object);
    }

    /** The whoami servlet's answer in {@code response} (status 200 checked). */
    static Json of(RawHttpResponse response) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(200);
        return parse(response.body());
    }

    /** The value at {@code path} ({@code proxy.ssl.cn}), or null. */
    Object get(String path) {
        Object value = root;
        for (String name : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(name);
        }
        return value;
    }

    String getString(String path) {
        Object value = get(path);
        return value == null ? null : value.toString();
    }

    int getInt(String path) {
        return ((Number) get(path)).intValue();
    }

    boolean getBoolean(String path) {
        return (Boolean) get(path);
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Object value() {
            char c = text.charAt(at);
            if (c == '{') {
                return object();
            }
            if (c == '"') {
                return string();
            }
            if (text.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (text.startsWith("true", at)) {
                at += 4;
                return true;
            }
            if (text.startsWith("false", at)) {
                at += 5;
                return false;
            }
            int start = at;
            while (at < text.length() && "-0123456789".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return Long.parseLong(text.substring(start, at));
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            if (text.charAt(at) == '}') {
                at++;
                return object;
            }
            while (true) {
                String name = string();
                expect(':');
                object.put(name, value());
                char c = text.charAt(at++);
                if (c == '}') {
                    return object;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + (at - 1) + ": " + text);
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
                if (c == '\\') {
                    c = text.charAt(at++);
                    if (c == 'u') {
                        c = (char) Integer.parseInt(text.substring(at, at + 4), 16);
                        at += 4;
                    }
                }
                s.append(c);
            }
            return s.toString();
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + ": " + text);
            }
            at++;
        }
    }
}
