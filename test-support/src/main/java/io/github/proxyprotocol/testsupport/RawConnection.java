package io.github.proxyprotocol.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One open connection of a {@link RawHttpClient}, after its prefix (and TLS handshake, if any): send
 * requests and read responses on it (keep-alive), or check how the server ends it.
 */
public final class RawConnection implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_SHOWN_BYTES = 2048;
    private static final int LINGER_FOR_MORE_MILLIS = 200;

    private final Socket raw;
    private final Socket socket;
    private final RawHttpClient.WriteMode writeMode;
    private final int timeoutMillis;
    private final String hostHeader;
    private final InputStream in;
    private IOException sendFailure;

    RawConnection(Socket raw, Socket socket, RawHttpClient.WriteMode writeMode, Duration timeout, String hostHeader) {
        this.raw = raw;
        this.socket = socket;
        this.writeMode = writeMode;
        this.timeoutMillis = RawHttpClient.millis(timeout);
        this.hostHeader = hostHeader;
        try {
            this.in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code GET path HTTP/1.1} (keep-alive) and reads the response. */
    public RawHttpResponse get(String path) {
        return exchange(getRequest(path, hostHeader, false));
    }

    /** Sends {@code request} (the exact request, as text, UTF-8) and reads one response. */
    public RawHttpResponse exchange(String request) {
        write(request.getBytes(StandardCharsets.UTF_8));
        return readResponse(isHead(request));
    }

    /** Writes {@code bytes} in the client's write mode. */
    public void write(byte[] bytes) {
        try {
            write(socket.getOutputStream(), bytes, writeMode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + socket.getRemoteSocketAddress(), e);
        }
    }

    /** Reads one response (status line, headers, body by Content-Length, chunked, or up to the close). */
    public RawHttpResponse readResponse() {
        return readResponse(false);
    }

    /**
     * Asserts that the server closes this connection (end of stream or reset) without sending any byte,
     * within {@code timeout}; fails with what it received, or when the connection is still open.
     */
    public void awaitClosedWithoutResponse(Duration timeout) {
        int previous = timeoutMillis;
        try {
            socket.setSoTimeout(RawHttpClient.millis(timeout));
            int first = in.read();
            if (first == -1) {
                return;
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.write(first);
            readMore(received);
            throw new AssertionError("expected the server to close the connection without a response, but it sent "
                    + received.size() + (received.size() >= MAX_SHOWN_BYTES ? "+" : "") + " bytes: "
                    + printable(received.toByteArray()));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("expected the server to close the connection without a response, but it was "
                    + "still open after " + timeout + sendFailureNote());
        } catch (IOException e) {
            // reset, or the TLS layer failed: closed without a response
        } finally {
            setTimeoutQuietly(previous);
        }
    }

    /** {@link #awaitClosedWithoutResponse(Duration)} with the client's timeout. */
    public void awaitClosedWithoutResponse() {
        awaitClosedWithoutResponse(Duration.ofMillis(timeoutMillis));
    }

    /**
     * Half-closes the connection: the server reads the end of the stream, and this side can still read what it
     * answers.
     */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot half-close the connection to " + raw.getRemoteSocketAddress(), e);
        }
    }

    /** This connection's local address (the peer address the server sees). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) raw.getLocalSocketAddress();
    }

    /** The server's address. */
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) raw.getRemoteSocketAddress();
    }

    /** Whether TLS runs on this connection. */
    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** The ALPN protocol the server chose ({@code null} without TLS, empty if none was chosen). */
    public String applicationProtocol() {
        return socket instanceof SSLSocket ssl ? ssl.getApplicationProtocol() : null;
    }

    /** The TLS session ({@code null} without TLS). */
    public SSLSession tlsSession() {
        return socket instanceof SSLSocket ssl ? ssl.getSession() : null;
    }

    /** The socket requests are written to (an {@link SSLSocket} with TLS). */
    public Socket socket() {
        return socket;
    }

    /** Closes the connection. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            raw.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Writes {@code bytes}, ignoring a failure because the server has closed the connection meanwhile. */
    public void sendQuietly(byte[] bytes) {
        sendTolerant(bytes);
    }

    void sendTolerant(byte[] bytes) {
        try {
            write(socket.getOutputStream(), bytes, writeMode);
        } catch (IOException e) {
            sendFailure = e; // the server may close while we write; the caller checks the outcome
        }
    }

    void throwIfSendFailed() {
        if (sendFailure != null) {
            throw new UncheckedIOException("cannot write to " + raw.getRemoteSocketAddress(), sendFailure);
        }
    }

    RawHttpResponse readResponse(boolean head) {
        try {
            while (true) {
                String statusLine = readLine();
                if (statusLine == null) {
                    throw new EOFException("the server closed the connection without a response" + sendFailureNote());
                }
                String[] status = statusLine.split(" ", 3);
                if (status.length < 2 || !status[0].startsWith("HTTP/")) {
                    throw new IOException(
                            "not an HTTP status line: " + printable(statusLine.getBytes(StandardCharsets.ISO_8859_1)));
                }
                int code = Integer.parseInt(status[1]);
                Map<String, List<String>> headers = readHeaders();
                if (code >= 100 && code < 200 && code != 101) {
                    continue; // interim response, the real one follows
                }
                byte[] body = head || code == 204 || code == 304 || code == 101 ? new byte[0] : readBody(headers);
                return new RawHttpResponse(status[0], code, status.length > 2 ? status[2] : "", headers, body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no complete response from " + raw.getRemoteSocketAddress(), e);
        }
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim();
            String existing = headers.keySet().stream()
                    .filter(name::equalsIgnoreCase)
                    .findFirst()
                    .orElse(name);
            headers.computeIfAbsent(existing, n -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (line == null) {
            throw new EOFException("the connection ended inside the response headers");
        }
        return headers;
    }

    private byte[] readBody(Map<String, List<String>> headers) throws IOException {
        String transferEncoding = first(headers, "Transfer-Encoding");
        if (transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked();
        }
        String contentLength = first(headers, "Content-Length");
        if (contentLength != null) {
            return readExactly(Integer.parseInt(contentLength.trim()));
        }
        return in.readAllBytes(); // delimited by the end of the connection
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("the connection ended inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            String size = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                String trailer;
                while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly(length));
            String end = readLine();
            if (end == null || !end.isEmpty()) {
                throw new IOException("missing CRLF after a chunk");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** Reads a line ending in LF (a preceding CR dropped), ISO-8859-1; null at the end of the stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new EOFException("the connection ended inside a line: " + printable(line.toByteArray()));
        }
        return null;
    }

    private void readMore(ByteArrayOutputStream received) {
        try {
            socket.setSoTimeout(LINGER_FOR_MORE_MILLIS);
            byte[] buffer = new byte[MAX_SHOWN_BYTES];
            int n;
            while (received.size() < MAX_SHOWN_BYTES
                    && (n = in.read(buffer, 0, MAX_SHOWN_BYTES - received.size())) != -1) {
                received.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // shows what arrived so far
        }
    }

    private void setTimeoutQuietly(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            // the socket is closed
        }
    }

    private String sendFailureNote() {
        return sendFailure == null ? "" : " (writing the request failed: " + sendFailure + ")";
    }

    private static String first(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    static void write(OutputStream out, byte[] bytes, RawHttpClient.WriteMode mode) throws IOException {
        if (bytes.length == 0) {
            return;
        }
        if (mode == RawHttpClient.WriteMode.ONE_BYTE_PER_WRITE) {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
            }
        } else if (mode == RawHttpClient.WriteMode.TWO_PIECES && bytes.length > RawHttpClient.FIRST_PIECE) {
            out.write(bytes, 0, RawHttpClient.FIRST_PIECE);
            out.flush();
            out.write(bytes, RawHttpClient.FIRST_PIECE, bytes.length - RawHttpClient.FIRST_PIECE);
            out.flush();
        } else {
            out.write(bytes);
            out.flush();
        }
    }

    static boolean isHead(String request) {
        return request.regionMatches(true, 0, "HEAD ", 0, 5);
    }

    static String getRequest(String path, String hostHeader, boolean close) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n" + (close ? "Connection: close\r\n" : "")
                + "\r\n";
    }

    /** Bytes as text, with CR, LF and non-printable bytes escaped. */
    static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte value : bytes) {
            int b = value & 0xFF;
            if (b == '\r') {
                text.append("\\r");
            } else if (b == '\n') {
                text.append("\\n");
            } else if (b >= 0x20 && b < 0x7F && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
