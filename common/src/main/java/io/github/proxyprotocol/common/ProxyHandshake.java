package io.github.proxyprotocol.common;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The PROXY protocol phase of one connection: decides from the peer's address what it may send ({@link PeerMode}),
 * reads the header (or sees that a direct client sent none), and records the outcome once in the listener's metrics
 * and log. All per-connection state is here, cleared as a whole by {@link #begin}. I/O free: adapters feed it the
 * bytes they read, close the connection when it fails, and schedule the header timeout. Not thread safe.
 */
public final class ProxyHandshake {
    /** Where a handshake stands. */
    public enum State {
        /** Waiting for (more of) the header, or for the first bytes of a possible direct client. */
        READING,
        /** Over: {@link #connection} tells what to report. */
        DONE,
        /** Failed: close the connection. */
        FAILED
    }

    private static final int SIGNATURE_LENGTH = 12;

    private final ProxyProtocolGate gate;
    private final ProxyHeaderDecoder decoder;

    private SocketAddress peer;
    private PeerMode mode;
    private State state;
    private boolean detected;
    private ProxyHeader header;

    ProxyHandshake(ProxyProtocolGate gate) {
        this.gate = gate;
        this.decoder = gate.config().newDecoder();
    }

    /**
     * Starts the phase for a new connection from {@code peer}. {@link PeerMode#REJECTED}: the refusal is already
     * logged and counted; close the connection without reading.
     */
    public PeerMode begin(SocketAddress peer) {
        this.peer = peer;
        this.decoder.reset();
        this.header = null;
        this.detected = false;
        this.state = State.READING;
        this.mode = gate.config().modeFor(peer);
        if (mode == PeerMode.REJECTED) {
            fail(Reason.UNTRUSTED_PEER, "neither a trusted proxy nor a direct client");
        }
        return mode;
    }

    /**
     * Looks at the bytes read so far (from the buffer's position, each call with the new ones appended).
     *
     * @return true once the phase is over: the position is then just past the header (or unchanged for a direct
     *     client); false while more bytes are needed
     * @throws ProxyProtocolException when the connection must be closed (already logged and counted)
     */
    public boolean offer(ByteBuffer in) throws ProxyProtocolException {
        if (state != State.READING) {
            throw new IllegalStateException("handshake is " + state);
        }
        try {
            if (mode == PeerMode.REQUIRED || detected) {
                return finish(decoder.decode(in));
            }
            ProxyHeaderDecoder.Detection detection = ProxyHeaderDecoder.detect(in);
            switch (detection) {
                case NEED_MORE:
                    return false;
                case NOT_PROXY:
                    state = State.DONE;
                    gate.accepted(null);
                    return true;
                default:
                    if (mode == PeerMode.DIRECT) {
                        throw new ProxyProtocolException(
                                Reason.UNEXPECTED_HEADER,
                                "a v" + (detection == ProxyHeaderDecoder.Detection.V1 ? 1 : 2)
                                        + " header from a peer that is a direct client but not a trusted proxy");
                    }
                    detected = true;
                    return finish(decoder.decode(in));
            }
        } catch (ProxyProtocolException e) {
            record(e);
            throw e;
        }
    }

    private boolean finish(ProxyHeader decoded) {
        if (decoded == null) {
            return false;
        }
        header = decoded;
        state = State.DONE;
        gate.accepted(decoded);
        return true;
    }

    /**
     * How many more bytes may be read without passing the end of the header; for adapters that cannot hand surplus
     * bytes on. While a direct client is still possible, reading up to the signature length is safe only for adapters
     * that hand every byte they read to the container.
     */
    public int readLimit(ByteBuffer in) {
        if (state != State.READING) {
            return 0;
        }
        if (mode == PeerMode.REQUIRED || detected) {
            return decoder.readLimit(in);
        }
        return Math.max(1, SIGNATURE_LENGTH - in.remaining());
    }

    /** Fails the phase (the header timeout fired, the peer closed early...): logs, counts, and returns the exception. */
    public ProxyProtocolException fail(Reason reason, String message) {
        ProxyProtocolException e = new ProxyProtocolException(reason, message);
        if (state == State.READING) {
            record(e);
        }
        return e;
    }

    /** Fails the phase because the header timeout fired. */
    public ProxyProtocolException timedOut() {
        return fail(Reason.TIMEOUT, "no complete header within " + gate.config().headerTimeoutMillis() + " ms");
    }

    /** Fails the phase because the peer closed the connection first. */
    public ProxyProtocolException closedEarly() {
        return fail(Reason.CONNECTION_CLOSED, "the peer closed the connection before a complete header");
    }

    private void record(ProxyProtocolException e) {
        state = State.FAILED;
        gate.rejected(peer, e);
    }

    public State state() {
        return state;
    }

    public PeerMode mode() {
        return mode;
    }

    public SocketAddress peer() {
        return peer;
    }

    /** The header, once done; {@code null} for a direct client. */
    public ProxyHeader header() {
        return header;
    }

    /** What to report for every request on the connection, once done, given the socket's real local address. */
    public ProxiedConnection connection(SocketAddress realLocal) {
        if (state != State.DONE) {
            throw new IllegalStateException("handshake is " + state);
        }
        return ProxiedConnection.of(header, peer, realLocal, gate.config().sslTlvSecure());
    }

    /** The listener this handshake belongs to. */
    public ProxyProtocolGate gate() {
        return gate;
    }
}
