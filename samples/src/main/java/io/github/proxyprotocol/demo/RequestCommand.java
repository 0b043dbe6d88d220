package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.ProxyHeaderEncoder;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The demo client: connects, sends a PROXY header, optionally starts TLS, sends {@code GET} with {@code Connection:
 * close}, and prints the response (status line, headers, body). A server that closes without answering, as a PROXY
 * protocol listener does with an untrusted peer or a bad header, exits with status 1.
 */
final class RequestCommand {
    /** Printed to standard error when the server closes the connection without a response. */
    static final String CLOSED_WITHOUT_RESPONSE = "connection closed without a response";

    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final RequestOptions options;
    private final PrintStream out;
    private final PrintStream err;

    RequestCommand(RequestOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs the request; returns the exit status: 0 when a response was printed, 1 otherwise. */
    int run() {
        InetSocketAddress target;
        try {
            target = new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
        } catch (IOException e) {
            err.println("cannot resolve " + options.host() + ": " + e.getMessage());
            return 1;
        }
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(options.timeoutMillis());
            if (options.bind() != null) {
                socket.bind(new InetSocketAddress(options.bind(), 0));
            }
            socket.connect(target, options.timeoutMillis());
            ProxyHeader header = options.header((InetSocketAddress) socket.getLocalSocketAddress(), (InetSocketAddress)
                    socket.getRemoteSocketAddress());
            // a server that refuses the peer closes at once: a failed write is no error yet, the read tells
            boolean sent = send(socket, ProxyHeaderEncoder.encode(header));
            Socket channel = socket;
            if (sent && options.tls()) {
                try {
                    channel = startTls(socket);
                } catch (IOException e) {
                    if (closedByPeer(e)) {
                        err.println(CLOSED_WITHOUT_RESPONSE + " (during the TLS handshake)");
                    } else {
                        err.println("TLS handshake failed: " + e.getMessage());
                    }
                    return 1;
                }
            }
            if (sent) {
                send(channel, request().getBytes(StandardCharsets.US_ASCII));
            }
            byte[] response = readAll(channel.getInputStream());
            if (response.length == 0) {
                err.println(CLOSED_WITHOUT_RESPONSE);
                return 1;
            }
            out.print(HttpResponseText.of(response));
            out.flush();
            return 0;
        } catch (SocketTimeoutException e) {
            err.println("no complete response within " + options.timeoutMillis() + " ms");
            return 1;
        } catch (IOException e) {
            err.println("request to " + target + " failed: " + e);
            return 1;
        }
    }

    private String request() {
        return "GET " + options.target() + " HTTP/1.1\r\n"
                + "Host: " + options.hostHeader() + "\r\n"
                + "User-Agent: proxy-protocol-demo\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n"
                + "\r\n";
    }

    /** Writes {@code bytes}; returns false if the server had closed the connection. */
    private static boolean send(Socket socket, byte[] bytes) throws IOException {
        try {
            OutputStream output = socket.getOutputStream();
            output.write(bytes);
            output.flush();
            return true;
        } catch (IOException e) {
            if (closedByPeer(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether {@code e} says the server closed or reset the connection. */
    private static boolean closedByPeer(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException || t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    private SSLSocket startTls(Socket socket) throws IOException {
        SSLSocket tls = (SSLSocket) TrustAllCertificates.clientContext()
                .getSocketFactory()
                .createSocket(socket, options.host(), options.port(), true);
        tls.setUseClientMode(true);
        if (options.host().indexOf(':') < 0 && !IpLiterals.isLiteral(options.host())) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(options.host())));
            tls.setSSLParameters(parameters);
        }
        tls.startHandshake();
        return tls;
    }

    /** Everything until the server closes (the request says {@code Connection: close}); a reset ends it too. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1 && all.size() < MAX_RESPONSE_BYTES) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // reset by the server: what arrived before is the response
        }
        return all.toByteArray();
    }
}
