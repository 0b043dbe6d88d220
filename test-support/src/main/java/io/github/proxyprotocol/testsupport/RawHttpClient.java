package io.github.proxyprotocol.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately low-level HTTP/1.1 client for PROXY protocol tests: it opens a real socket (optionally from
 * a chosen local address, such as 127.0.0.2 to play an untrusted peer), writes a prefix (the PROXY header,
 * given as bytes) and then the request, optionally in TLS started after the prefix.
 *
 * <p>Instances are immutable; each {@code with}-style method returns a changed copy:
 *
 * <pre>{@code
 * RawHttpClient client = RawHttpClient.to(port).prefix("PROXY TCP4 203.0.113.7 192.0.2.1 4242 443\r\n");
 * RawHttpResponse response = client.get("/whoami");
 * client.oneBytePerWrite().tls().alpn("http/1.1").get("/whoami");        // split header, then HTTPS
 * client.prefix(garbage).assertClosedWithoutResponse();                  // rejected without a byte
 * try (RawConnection idle = client.prefix(new byte[0]).openAndSend(partOfAHeader)) {
 *     idle.awaitClosedWithoutResponse(Duration.ofSeconds(7));            // header timeout
 * }
 * }</pre>
 *
 * <p>Every read has a timeout (10 s unless changed), so a test never hangs.
 */
public final class RawHttpClient {

    /** How the prefix and requests are written to the socket. */
    public enum WriteMode {
        /**
         * The prefix and the request in one write (without TLS); with TLS, the prefix and the ClientHello in one
         * write, then the request.
         */
        ALL_AT_ONCE,
        /** The first {@value RawHttpClient#FIRST_PIECE} bytes (inside any PROXY header) in one write, the rest in another. */
        TWO_PIECES,
        /** One byte per write, flushed, with TCP_NODELAY: the server sees the bytes split across reads. */
        ONE_BYTE_PER_WRITE
    }

    /** How many bytes the first write of {@link WriteMode#TWO_PIECES} holds. */
    public static final int FIRST_PIECE = 10;

    /** The default connect and read timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final InetSocketAddress target;
    private final InetAddress localAddress;
    private final byte[] prefix;
    private final WriteMode writeMode;
    private final SSLContext tls;
    private final List<String> alpn;
    private final Duration timeout;

    private RawHttpClient(
            String host,
            InetSocketAddress target,
            InetAddress localAddress,
            byte[] prefix,
            WriteMode writeMode,
            SSLContext tls,
            List<String> alpn,
            Duration timeout) {
        this.host = host;
        this.target = target;
        this.localAddress = localAddress;
        this.prefix = prefix;
        this.writeMode = writeMode;
        this.tls = tls;
        this.alpn = alpn;
        this.timeout = timeout;
    }

    /** A client of {@code 127.0.0.1:port}. */
    public static RawHttpClient to(int port) {
        return to("127.0.0.1", port);
    }

    /** A client of {@code host:port}; {@code host} is also the Host header and the TLS server name. */
    public static RawHttpClient to(String host, int port) {
        try {
            return new RawHttpClient(
                    host,
                    new InetSocketAddress(InetAddress.getByName(host), port),
                    null,
                    new byte[0],
                    WriteMode.ALL_AT_ONCE,
                    null,
                    List.of(),
                    DEFAULT_TIMEOUT);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of {@code address} (its literal address is the Host header). */
    public static RawHttpClient to(InetSocketAddress address) {
        return to(address.getAddress().getHostAddress(), address.getPort());
    }

    /** Connects from {@code address} (an IP literal such as {@code 127.0.0.2}), any port. */
    public RawHttpClient from(String address) {
        try {
            return from(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects from {@code address}, any port. */
    public RawHttpClient from(InetAddress address) {
        return new RawHttpClient(host, target, address, prefix, writeMode, tls, alpn, timeout);
    }

    /** Writes {@code bytes} (typically a PROXY header) first on every connection; empty for none. */
    public RawHttpClient prefix(byte[] bytes) {
        return new RawHttpClient(host, target, localAddress, bytes.clone(), writeMode, tls, alpn, timeout);
    }

    /** Writes {@code text}, encoded as US-ASCII (a PROXY v1 header), first on every connection. */
    public RawHttpClient prefix(String text) {
        return prefix(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes in the given mode. */
    public RawHttpClient writeMode(WriteMode mode) {
        return new RawHttpClient(host, target, localAddress, prefix, mode, tls, alpn, timeout);
    }

    /** Writes one byte per write ({@link WriteMode#ONE_BYTE_PER_WRITE}). */
    public RawHttpClient oneBytePerWrite() {
        return writeMode(WriteMode.ONE_BYTE_PER_WRITE);
    }

    /** Starts TLS after the prefix, trusting the test server certificate ({@link TestCertificates}). */
    public RawHttpClient tls() {
        return tls(TestCertificates.clientContext());
    }

    /** Starts TLS after the prefix with {@code context}. */
    public RawHttpClient tls(SSLContext context) {
        return new RawHttpClient(
                host, target, localAddress, prefix, writeMode, Objects.requireNonNull(context), alpn, timeout);
    }

    /** Offers these ALPN protocols in the TLS handshake (implies {@link #tls()} if TLS is not set yet). */
    public RawHttpClient alpn(String... protocols) {
        SSLContext context = tls != null ? tls : TestCertificates.clientContext();
        return new RawHttpClient(host, target, localAddress, prefix, writeMode, context, List.of(protocols), timeout);
    }

    /** Uses {@code value} as connect and read timeout. */
    public RawHttpClient timeout(Duration value) {
        return new RawHttpClient(host, target, localAddress, prefix, writeMode, tls, alpn, value);
    }

    /** The local address connections are opened from, or {@code null} for the system's choice. */
    public InetAddress localAddress() {
        return localAddress;
    }

    /** The address connected to. */
    public InetSocketAddress target() {
        return target;
    }

    /** Opens a connection: connects, writes the prefix and, if configured, completes the TLS handshake. */
    public RawConnection connect() {
        // With TLS and ALL_AT_ONCE, the prefix goes out in the same write as the ClientHello.
        boolean prefixWithClientHello = tls != null && writeMode == WriteMode.ALL_AT_ONCE;
        Socket socket = openSocket(prefixWithClientHello ? new PrefixingSocket(prefix) : new Socket());
        try {
            if (!prefixWithClientHello) {
                write(socket, prefix);
            }
            return new RawConnection(socket, tls == null ? socket : startTls(socket), writeMode, timeout, hostHeader());
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(
                    "cannot connect to " + target + " (prefix, then TLS: " + (tls != null) + ")", e);
        }
    }

    /** On a new connection, sends {@code GET path} with {@code Connection: close} and reads the response. */
    public RawHttpResponse get(String path) {
        return exchange(RawConnection.getRequest(path, hostHeader(), true));
    }

    /** On a new connection, sends {@code request} (the exact request bytes, as text) and reads the response. */
    public RawHttpResponse exchange(String request) {
        if (tls == null && writeMode == WriteMode.ALL_AT_ONCE) {
            try (RawConnection connection = openAndSend(request.getBytes(StandardCharsets.UTF_8))) {
                connection.throwIfSendFailed();
                return connection.readResponse(RawConnection.isHead(request));
            }
        }
        try (RawConnection connection = connect()) {
            return connection.exchange(request);
        }
    }

    /** On one keep-alive connection, sends {@code GET} for each path in turn and reads each response. */
    public List<RawHttpResponse> getAll(String... paths) {
        List<RawHttpResponse> responses = new ArrayList<>();
        try (RawConnection connection = connect()) {
            for (String path : paths) {
                responses.add(connection.get(path));
            }
        }
        return responses;
    }

    /**
     * Connects, writes the prefix and then {@code bytes} (in the write mode), and leaves the connection open.
     * Never starts TLS. A write the server cuts short by closing is not an error here: check the outcome with
     * {@link RawConnection#awaitClosedWithoutResponse(Duration)} or {@link RawConnection#readResponse()}.
     */
    public RawConnection openAndSend(byte[] bytes) {
        Socket socket = openSocket();
        RawConnection connection = new RawConnection(socket, socket, writeMode, timeout, hostHeader());
        byte[] all = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(bytes, 0, all, prefix.length, bytes.length);
        connection.sendTolerant(all);
        return connection;
    }

    /**
     * Sends the prefix and a {@code GET /} (over TLS if configured) and asserts that the server closes the
     * connection without sending a single byte of response, within the timeout.
     */
    public void assertClosedWithoutResponse() {
        if (tls == null) {
            try (RawConnection connection = openAndSend(getRequest("/", false))) {
                connection.awaitClosedWithoutResponse(timeout);
            }
            return;
        }
        RawConnection connection;
        try {
            connection = connect();
        } catch (UncheckedIOException e) {
            return; // closed during the TLS handshake: no response
        }
        try (connection) {
            connection.sendTolerant(getRequest("/", false));
            connection.awaitClosedWithoutResponse(timeout);
        }
    }

    /** The bytes of {@code GET path HTTP/1.1} with this client's Host header, optionally {@code Connection: close}. */
    public byte[] getRequest(String path, boolean close) {
        return RawConnection.getRequest(path, hostHeader(), close).getBytes(StandardCharsets.UTF_8);
    }

    private String hostHeader() {
        boolean ipv6Literal = target.getAddress() instanceof Inet6Address && host.indexOf(':') >= 0;
        return (ipv6Literal ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    private Socket openSocket() {
        return openSocket(new Socket());
    }

    private Socket openSocket(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(millis(timeout));
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(target, millis(timeout));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + target + " from " + localAddress, e);
        }
    }

    private void write(Socket socket, byte[] bytes) throws IOException {
        RawConnection.write(socket.getOutputStream(), bytes, writeMode);
    }

    private SSLSocket startTls(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, target.getPort(), true);
        ssl.setUseClientMode(true);
        if (!alpn.isEmpty()) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
            ssl.setSSLParameters(parameters);
        }
        ssl.startHandshake();
        return ssl;
    }

    static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
