package io.github.proxyprotocol.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 response as the demo client prints it: the status line and headers as received, an empty line, and the
 * body (a chunked one joined), ending with a line break.
 */
final class HttpResponseText {
    private HttpResponseText() {}

    /** The printable form of {@code response}, the bytes a server sent until it closed the connection. */
    static String of(byte[] response) {
        int headEnd = indexOf(response, new byte[] {'\r', '\n', '\r', '\n'});
        if (headEnd < 0) {
            return withLineBreak(new String(response, StandardCharsets.ISO_8859_1));
        }
        String head = new String(response, 0, headEnd, StandardCharsets.ISO_8859_1);
        byte[] body = new byte[response.length - headEnd - 4];
        System.arraycopy(response, headEnd + 4, body, 0, body.length);
        if (isChunked(head)) {
            byte[] joined = dechunk(body);
            if (joined != null) {
                body = joined;
            }
        }
        String text = head.replace("\r\n", "\n") + "\n\n" + new String(body, StandardCharsets.UTF_8);
        return withLineBreak(text);
    }

    private static boolean isChunked(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().equalsIgnoreCase("Transfer-Encoding")
                    && line.substring(colon + 1).toLowerCase(Locale.ROOT).contains("chunked")) {
                return true;
            }
        }
        return false;
    }

    /** The chunks' data joined, or {@code null} if the body is not well chunked. */
    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int position = 0;
        while (true) {
            int lineEnd = indexOf(body, position, new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                return null;
            }
            String sizeLine = new String(body, position, lineEnd - position, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            position = lineEnd + 2;
            if (size == 0) {
                return joined.toByteArray();
            }
            if (size < 0 || position + size > body.length) {
                return null;
            }
            joined.write(body, position, size);
            position += size + 2;
        }
    }

    private static String withLineBreak(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        return indexOf(bytes, 0, pattern);
    }

    private static int indexOf(byte[] bytes, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
