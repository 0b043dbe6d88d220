package io.github.proxyprotocol.common;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The header phase of one connection: decides from the peer's address what it may send ({@link PeerMode}), reads the
 * header (or sees that a direct client sent none) before one fixed deadline, and records how it ended once, in the
 * listener's metrics and log. I/O free: an adapter hands it a {@link ByteSource} for its container's non-blocking
 * reads, closes the connection on {@link Progress#FAILED}, and arms its container's timer with {@link
 * #remainingMillis()}. All per-connection state is here and cleared as a whole by {@link #begin}, so an adapter may
 * reuse one phase for the connections of a pooled channel. Not thread safe.
 */
public final class HeaderPhase {
    /** Where the phase stands after a step. */
    public enum Progress {
        /** Nothing more to do until more bytes arrive (or the deadline passes). */
        NEED_MORE,
        /** Over: the connection goes on, see {@link #connection}. */
        DONE,
        /** Over: close the connection without a response; the reason is already logged and counted. */
        FAILED
    }

    /** One non-blocking read of the connection, as the container offers it. */
    @FunctionalInterface
    public interface ByteSource {
        /**
         * Reads what is there into {@code into}: the number of bytes read, 0 if none are there now, -1 at the end of
         * the stream.
         */
        int read(ByteBuffer into) throws IOException;
    }

    /** The first size of a phase-owned buffer: enough for any v1 header and a typical v2 one. */
    private static final int INITIAL_BUFFER_SIZE = 256;

    private final ProxyProtocolGate gate;
    private final ProxyHeaderDecoder decoder;

    // Per connection; begin() sets every one of them.
    private SocketAddress peer;
    private PeerMode mode;
    private Progress progress;
    private long deadline;
    private long received;
    private boolean signatureSeen;
    private ProxyHeader header;
    private ByteBuffer buffer;
    private int headerEnd;

    HeaderPhase(ProxyProtocolGate gate) {
        this.gate = gate;
        this.decoder = gate.config().newDecoder();
    }

    /**
     * Starts the phase of a connection just accepted from {@code peer} and fixes its deadline: the header timeout
     * from now. {@link PeerMode#REJECTED}: the refusal is already logged and counted; close the connection without
     * reading.
     */
    public PeerMode begin(SocketAddress peer) {
        this.peer = peer;
        this.mode = gate.config().modeFor(peer);
        this.progress = Progress.NEED_MORE;
        this.deadline =
                gate.nanoTime() + TimeUnit.MILLISECONDS.toNanos(gate.config().headerTimeoutMillis());
        this.received = 0;
        this.signatureSeen = false;
        this.header = null;
        this.buffer = null;
        this.headerEnd = 0;
        this.decoder.reset();
        if (mode == PeerMode.REJECTED) {
            record(Reason.UNTRUSTED_PEER, "neither a trusted proxy nor a direct client");
        }
        return mode;
    }

    /**
     * Reads what {@code source} has now into a buffer of the phase's own, growing up to the maximum header size, until
     * the phase is over or nothing more is there. Once {@link Progress#DONE}, {@link #leftover()} holds the bytes read
     * past the header.
     */
    public Progress read(ByteSource source) {
        if (buffer == null) {
            buffer = ByteBuffer.allocate(
                    Math.min(INITIAL_BUFFER_SIZE, gate.config().maxHeaderSize()));
        }
        Progress step;
        do {
            if (!buffer.hasRemaining() && buffer.capacity() < gate.config().maxHeaderSize()) {
                ByteBuffer larger = ByteBuffer.allocate(
                        Math.min(buffer.capacity() * 2, gate.config().maxHeaderSize()));
                buffer = larger.put(buffer.flip());
            }
            step = readOnce(source, buffer);
        } while (step == null);
        return step;
    }

    /**
     * Reads what {@code source} has now into {@code into}, a buffer of the container's own in write mode that holds
     * this connection's bytes so far from index 0, until the phase is over or nothing more is there. Once {@link
     * Progress#DONE} the header is cut out of it: what followed the header (an HTTP request, a TLS ClientHello, an
     * HTTP/2 preface) is left in it from index 0, untouched, for the container to read.
     */
    public Progress read(ByteSource source, ByteBuffer into) {
        Progress step;
        do {
            step = readOnce(source, into);
        } while (step == null);
        if (step == Progress.DONE && headerEnd > 0) {
            into.flip().position(headerEnd);
            into.compact();
        }
        return step;
    }

    /** One read and what it brings; {@code null}: read again. */
    private Progress readOnce(ByteSource source, ByteBuffer into) {
        if (progress != Progress.NEED_MORE) {
            return progress;
        }
        if (pastDeadline()) {
            return timedOut();
        }
        if (!into.hasRemaining()) {
            return fail(Reason.HEADER_TOO_LARGE, "no complete header in " + into.capacity() + " bytes");
        }
        int count;
        try {
            count = source.read(into);
        } catch (IOException e) {
            return received == 0
                    ? fail(Reason.CLOSED_WITHOUT_DATA, "the connection failed before a byte arrived: " + e.getMessage())
                    : fail(
                            Reason.CONNECTION_CLOSED,
                            "the connection failed before a complete header: " + e.getMessage());
        }
        if (count < 0) {
            return received == 0
                    ? fail(Reason.CLOSED_WITHOUT_DATA, "the peer closed the connection without sending a byte")
                    : fail(
                            Reason.CONNECTION_CLOSED,
                            "the peer closed the connection after " + received + " bytes, before a complete header");
        }
        if (count == 0) {
            return progress;
        }
        received += count;
        ByteBuffer view = into.duplicate().flip();
        Progress step = offer(view);
        if (step == Progress.DONE) {
            headerEnd = view.position();
            return step;
        }
        if (step == Progress.NEED_MORE && pastDeadline()) {
            return timedOut();
        }
        return step == Progress.NEED_MORE ? null : step;
    }

    /**
     * Looks at the bytes read so far, from the buffer's position, each call with the new ones appended; for adapters
     * that read on their own. Once {@link Progress#DONE} the position is just past the header (unchanged for a
     * direct client).
     */
    public Progress offer(ByteBuffer in) {
        if (progress != Progress.NEED_MORE) {
            return progress;
        }
        try {
            if (mode == PeerMode.REQUIRED || signatureSeen) {
                return decoded(decoder.decode(in));
            }
            switch (ProxyHeaderDecoder.detect(in)) {
                case NEED_MORE:
                    return progress;
                case NOT_PROXY:
                    progress = Progress.DONE;
                    gate.accepted(null);
                    return progress;
                case V1:
                case V2:
                default:
                    if (mode == PeerMode.DIRECT) {
                        return fail(
                                Reason.UNEXPECTED_HEADER,
                                "a PROXY header from a peer that is a direct client but not a trusted proxy");
                    }
                    signatureSeen = true;
                    return decoded(decoder.decode(in));
            }
        } catch (ProxyProtocolException e) {
            return fail(e.reason(), e.getMessage());
        }
    }

    private Progress decoded(ProxyHeader decoded) {
        if (decoded == null) {
            return progress;
        }
        header = decoded;
        progress = Progress.DONE;
        gate.accepted(decoded);
        return progress;
    }

    private boolean pastDeadline() {
        return gate.nanoTime() - deadline >= 0;
    }

    /**
     * Milliseconds left until the deadline, at least 1: what an adapter gives its container's timer, so that a silent
     * connection is closed at the deadline. A byte that arrives never moves the deadline.
     */
    public long remainingMillis() {
        long nanos = deadline - gate.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    /** The container's timer fired: if still waiting, the phase fails with {@link Reason#TIMEOUT}. */
    public Progress timedOut() {
        return fail(Reason.TIMEOUT, "no complete header within " + gate.config().headerTimeoutMillis() + " ms");
    }

    /**
     * The container ended the connection from outside while it waited for its header (its end point failed or was
     * closed): if still waiting, the phase fails with {@link Reason#CONNECTION_CLOSED}.
     */
    public Progress connectionFailed(@Nullable Throwable cause) {
        String why = cause == null ? "closed" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return fail(Reason.CONNECTION_CLOSED, "the connection ended before a complete header: " + why);
    }

    /** The server itself closes the connection (it stops): the phase ends without being logged or counted. */
    public void abandon() {
        if (progress == Progress.NEED_MORE) {
            progress = Progress.FAILED;
        }
        buffer = null;
    }

    private Progress fail(Reason reason, String message) {
        if (progress == Progress.NEED_MORE) {
            record(reason, message);
        }
        return progress;
    }

    private void record(Reason reason, String message) {
        progress = Progress.FAILED;
        buffer = null;
        gate.rejected(peer, reason, message);
    }

    /** Whether the phase is still waiting for bytes. */
    public boolean isWaiting() {
        return progress == Progress.NEED_MORE;
    }

    /** Where the phase stands. */
    public Progress progress() {
        return progress;
    }

    /** The socket's real peer. */
    public SocketAddress peer() {
        return peer;
    }

    /**
     * The bytes read past the header into the phase's own buffer (see {@link #read(ByteSource)}), in a buffer of their
     * own, or {@code null} if there were none. The phase lets go of its buffer.
     */
    public @Nullable ByteBuffer leftover() {
        ByteBuffer read = buffer;
        buffer = null;
        if (read == null || progress != Progress.DONE || read.position() == headerEnd) {
            return null;
        }
        ByteBuffer rest = ByteBuffer.allocate(read.position() - headerEnd);
        rest.put(read.flip().position(headerEnd)).flip();
        return rest;
    }

    /** What to report for every request on the connection, once {@link Progress#DONE}, given the socket's local address. */
    public ProxiedConnection connection(SocketAddress realLocal) {
        if (progress != Progress.DONE) {
            throw new IllegalStateException("the header phase is " + progress);
        }
        return ProxiedConnection.of(header, peer, realLocal, gate.config().sslTlvSecure());
    }

    /** The listener this phase belongs to. */
    public ProxyProtocolGate gate() {
        return gate;
    }
}
