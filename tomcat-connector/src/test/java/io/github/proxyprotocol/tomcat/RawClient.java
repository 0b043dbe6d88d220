package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A real TCP client for one connection: sends a PROXY header and HTTP/1.1 requests as raw bytes (all at once or one
 * byte per write), can start TLS after the header, reads responses, and tells whether the server closed the connection
 * without sending a byte.
 */
final class RawClient implements Closeable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final PrefixingSocket plain;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawClient(PrefixingSocket socket) throws IOException {
        this.plain = socket;
        use(socket);
    }

    /** Connects to 127.0.0.1:{@code port}. */
    static RawClient connect(int port) {
        return connectFrom(null, port);
    }

    /** Connects to 127.0.0.1:{@code port} from {@code localAddress} (e.g. 127.0.0.2), or any if null. */
    static RawClient connectFrom(String localAddress, int port) {
        try {
            PrefixingSocket socket = new PrefixingSocket();
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The client's own address and port, as the server sees them without a header. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) plain.getLocalSocketAddress();
    }

    RawClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes each byte on its own (TCP_NODELAY is on, so each is a segment of its own in practice). */
    RawClient sendByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
        return this;
    }

    /** Starts TLS on the connection (after whatever was sent so far), offering {@code alpn} if given. */
    RawClient startTls(SSLContext context, String... alpn) {
        return startTls(new byte[0], context, alpn);
    }

    /** Starts TLS, sending {@code prefix} (a PROXY header) in the same write as the TLS ClientHello. */
    RawClient startTls(byte[] prefix, SSLContext context, String... alpn) {
        try {
            plain.prefixNextWrite(prefix);
            SSLSocket tls =
                    (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            if (alpn.length > 0) {
                parameters.setApplicationProtocols(alpn);
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            use(tls);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ALPN protocol TLS agreed on. */
    String applicationProtocol() {
        return ((SSLSocket) socket).getApplicationProtocol();
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked body). */
    Response readResponse() {
        try {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new AssertionError("the server closed the connection instead of answering");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(readLine().trim(), 16);
                        size > 0;
                        size = Integer.parseInt(readLine().trim(), 16)) {
                    chunks.write(in.readNBytes(size));
                    readLine();
                }
                readLine();
                body = chunks.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Waits (at most {@code within}) for the server to close the connection and checks that it sent nothing at all
     * before closing.
     */
    void assertClosedWithoutResponse(Duration within) {
        try {
            socket.setSoTimeout((int) within.toMillis());
            byte[] received = in.readAllBytes();
            assertThat(received).as("bytes the server sent before closing").isEmpty();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + within, e);
        } catch (SocketException e) {
            // A reset: closed, and nothing was read.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server still holds the connection open, silent, after {@code wait}. */
    boolean isStillOpenAfter(Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A socket whose next write can carry a prefix in the same {@code write} call (one TCP segment). */
    private static final class PrefixingSocket extends Socket {
        private byte[] prefix = new byte[0];
        private OutputStream prefixing;

        void prefixNextWrite(byte[] bytes) {
            this.prefix = bytes;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (prefixing == null) {
                OutputStream socketOut = super.getOutputStream();
                prefixing = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        if (prefix.length == 0) {
                            socketOut.write(bytes, offset, length);
                            return;
                        }
                        byte[] both = new byte[prefix.length + length];
                        System.arraycopy(prefix, 0, both, 0, prefix.length);
                        System.arraycopy(bytes, offset, both, prefix.length, length);
                        prefix = new byte[0];
                        socketOut.write(both);
                    }

                    @Override
                    public void flush() throws IOException {
                        socketOut.flush();
                    }
                };
            }
            return prefixing;
        }
    }

    /** One HTTP response. */
    record Response(int status, Map<String, String> headers, String body) {}
}
