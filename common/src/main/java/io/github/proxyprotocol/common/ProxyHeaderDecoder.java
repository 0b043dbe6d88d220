package io.github.proxyprotocol.common;

import java.nio.ByteBuffer;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An incremental, I/O-free decoder of one PROXY protocol header (v1 text or v2 binary) at the start of a connection.
 *
 * <p>Each call to {@link #decode(ByteBuffer)} is given the bytes that have arrived so far, from the buffer's position
 * (the first byte of the connection) to its limit, with any new bytes appended since the last call. It returns
 * {@code null} while more bytes are needed, leaving the position alone; or the header, with the position moved just
 * past it and nothing after it consumed; or throws {@link ProxyProtocolException} as soon as the bytes cannot become a
 * valid header. Bytes already checked are not checked again, and nothing is allocated but the result.
 *
 * <p>One decoder serves one connection; {@link #reset()} readies it for the next. Not thread safe. The v1 text is
 * scanned by {@code V1LineScanner}, the v2 binary header read by {@code V2Reader}, both keeping their progress in one
 * {@code HeaderState}.
 */
public final class ProxyHeaderDecoder {
    /** The longest v1 line, CRLF included. */
    public static final int V1_MAX_LENGTH = 107;
    /** The fixed part of a v2 header: signature, version and command, family, length. */
    public static final int V2_FIXED_LENGTH = 16;
    /** The smallest maximum header size a decoder accepts: a whole v1 line. */
    public static final int MIN_MAX_HEADER_SIZE = V1_MAX_LENGTH;
    /** The largest header v2 can describe. */
    public static final int MAX_MAX_HEADER_SIZE = V2_FIXED_LENGTH + 0xFFFF;

    /** What the first bytes of a connection are, without consuming them. */
    public enum Detection {
        /** Too few bytes to tell. */
        NEED_MORE,
        /** The v1 signature {@code "PROXY "}. */
        V1,
        /** The 12-byte v2 signature. */
        V2,
        /** Not a PROXY protocol signature. */
        NOT_PROXY
    }

    private final int maxHeaderSize;
    private final boolean acceptV1;
    private final boolean acceptV2;
    private final HeaderState state = new HeaderState();

    /** A decoder accepting both versions, up to {@code maxHeaderSize} bytes. */
    public ProxyHeaderDecoder(int maxHeaderSize) {
        this(maxHeaderSize, Set.of(ProtocolVersion.V1, ProtocolVersion.V2));
    }

    /**
     * A decoder accepting the given versions, up to {@code maxHeaderSize} bytes ({@value #MIN_MAX_HEADER_SIZE} to
     * {@value #MAX_MAX_HEADER_SIZE}).
     */
    public ProxyHeaderDecoder(int maxHeaderSize, Set<ProtocolVersion> versions) {
        if (maxHeaderSize < MIN_MAX_HEADER_SIZE || maxHeaderSize > MAX_MAX_HEADER_SIZE) {
            throw new IllegalArgumentException("maxHeaderSize must be " + MIN_MAX_HEADER_SIZE + " to "
                    + MAX_MAX_HEADER_SIZE + ": " + maxHeaderSize);
        }
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("accept at least one version");
        }
        this.maxHeaderSize = maxHeaderSize;
        this.acceptV1 = versions.contains(ProtocolVersion.V1);
        this.acceptV2 = versions.contains(ProtocolVersion.V2);
    }

    /** Forgets the header in progress, for the next connection. */
    public void reset() {
        state.reset();
    }

    /** Whether a whole header has been decoded since the last reset. */
    public boolean isComplete() {
        return state.complete;
    }

    /**
     * Tells whether the bytes from the buffer's position start with a PROXY protocol signature. Consumes nothing.
     * Decides at the first byte that differs from both signatures.
     */
    public static Detection detect(ByteBuffer in) {
        return Signatures.detect(in);
    }

    /**
     * Decodes the header at the buffer's position.
     *
     * @return the header, with the position just past it; or {@code null} if more bytes are needed (position
     *     unchanged)
     * @throws ProxyProtocolException as soon as the bytes cannot start a valid, acceptable header
     */
    public @Nullable ProxyHeader decode(ByteBuffer in) throws ProxyProtocolException {
        HeaderState s = state;
        if (s.complete) {
            throw new IllegalStateException("a header was already decoded; reset() first");
        }
        int available = in.remaining();
        if (available == 0) {
            return null;
        }
        if (s.version == 0) {
            byte first = in.get(in.position());
            ProtocolVersion version = Signatures.versionOf(first);
            if (version == null) {
                throw Signatures.notProxy(0, first);
            }
            s.version = version.number();
        }
        ProxyHeader header = s.version == 1
                ? V1LineScanner.scan(s, in, available, acceptV1)
                : V2Reader.read(s, in, available, acceptV2, maxHeaderSize);
        if (header != null) {
            s.complete = true;
        }
        return header;
    }
}
