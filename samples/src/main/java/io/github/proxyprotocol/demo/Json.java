package io.github.proxyprotocol.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object built field by field, in insertion order, and written compactly. Values are strings, numbers,
 * booleans, {@code null} or nested {@code Json} objects.
 */
public final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** Adds a string field ({@code null} writes {@code null}). */
    public Json put(String name, String value) {
        fields.put(name, value);
        return this;
    }

    /** Adds a number field. */
    public Json put(String name, long value) {
        fields.put(name, value);
        return this;
    }

    /** Adds a boolean field. */
    public Json put(String name, boolean value) {
        fields.put(name, value);
        return this;
    }

    /** Adds a field whose value is {@code null}. */
    public Json putNull(String name) {
        fields.put(name, null);
        return this;
    }

    /** Adds a nested object ({@code null} writes {@code null}). */
    public Json put(String name, Json value) {
        fields.put(name, value);
        return this;
    }

    /** Whether no field was added. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, field.getKey());
            out.append(':');
            Object value = field.getValue();
            if (value == null) {
                out.append("null");
            } else if (value instanceof String text) {
                quote(out, text);
            } else if (value instanceof Json object) {
                object.write(out);
            } else {
                out.append(value);
            }
        }
        out.append('}');
    }

    /** Appends {@code text} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
