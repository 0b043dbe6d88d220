package io.github.proxyprotocol.common;

import java.util.zip.CRC32C;

/**
 * Everything a decoder knows about the header in progress, in one object that {@link #reset()} clears as a whole.
 * The v1 scanner and the v2 reader keep nothing of their own between calls.
 *
 * <p>The scratch arrays and the checksum engine are kept across headers so that a reused decoder allocates nothing
 * but its results; each header writes them before it reads them, so {@link #reset()} need not clear them. Those that
 * only some headers need are made on first use.
 */
final class HeaderState {
    /** The header's version, from its first byte; {@code null} before it. */
    ProtocolVersion version;
    /** Whether the whole header has been decoded. */
    boolean complete;
    /** How many bytes from the start are checked: the v1 line so far, or the v2 signature so far. */
    int scanned;

    // v1: the field being scanned and what the line has given so far.
    V1LineScanner.Phase phase;
    /** {@code 'T'} or {@code 'U'} until the family is known, then {@code '4'}, {@code '6'} or {@code 'U'}. */
    char family;
    /** The characters of the current field so far. */
    int fieldLength;
    /** The value of the current number (an IPv4 part or a port) so far; the destination port once scanned. */
    int number;
    /** The dots of the current IPv4 address so far. */
    int dots;

    int sourcePort;

    // v2: the step the reader has reached.
    V2Reader.Step step;

    final byte[] sourceV4 = new byte[4];
    final byte[] destinationV4 = new byte[4];
    private byte[] sourceV6;
    private byte[] destinationV6;
    private byte[] fieldText;
    private byte[] lineCopy;
    private CRC32C crc;

    HeaderState() {
        reset();
    }

    /** Forgets the header in progress. */
    void reset() {
        version = null;
        complete = false;
        scanned = 0;
        phase = V1LineScanner.Phase.SIGNATURE;
        family = 0;
        fieldLength = 0;
        number = 0;
        dots = 0;
        sourcePort = 0;
        step = V2Reader.Step.SIGNATURE;
    }

    /** The 16 bytes of the source IPv6 address. */
    byte[] sourceV6() {
        return sourceV6 == null ? (sourceV6 = new byte[16]) : sourceV6;
    }

    /** The 16 bytes of the destination IPv6 address. */
    byte[] destinationV6() {
        return destinationV6 == null ? (destinationV6 = new byte[16]) : destinationV6;
    }

    /** The text of a v1 IPv6 address, until its end is seen. */
    byte[] fieldText() {
        return fieldText == null ? (fieldText = new byte[IpAddresses.MAX_IPV6_TEXT]) : fieldText;
    }

    /** A copy of the v1 line, when the bytes are not in a heap array. */
    byte[] lineCopy() {
        return lineCopy == null ? (lineCopy = new byte[ProxyHeaderDecoder.V1_MAX_LENGTH]) : lineCopy;
    }

    /** The CRC32C engine, reset. */
    CRC32C crc() {
        if (crc == null) {
            crc = new CRC32C();
        } else {
            crc.reset();
        }
        return crc;
    }
}
