package io.github.proxyprotocol.common;

import java.util.zip.CRC32C;

/**
 * Everything a decoder knows about the header in progress, in one object that {@link #reset()} clears as a whole.
 * The v1 scanner and the v2 reader keep nothing of their own between calls; the readers of v1 address text keep
 * their progress in themselves, and this object holds them.
 *
 * <p>The scratch arrays, the address text readers and the checksum engine are kept across headers so that a reused
 * decoder allocates nothing but its results; each header starts or writes them before it reads them, so
 * {@link #reset()} need not clear them. Those that only some headers need are made on first use. Progress is kept in
 * primitive fields only: a decoder outlives many headers, and a reference stored into a long-lived object costs a
 * garbage collector's write barrier each time.
 */
final class HeaderState {
    /** The header's version number, from its first byte; 0 before it. */
    int version;
    /** Whether the whole header has been decoded. */
    boolean complete;
    /** How many bytes from the start are checked: the v1 line so far, or the v2 signature so far. */
    int scanned;

    // v1: the field being scanned and what the line has given so far.
    /** One of {@link V1LineScanner.Phase}'s. */
    int phase;
    /** {@code 'T'} or {@code 'U'} until the family is known, then {@code '4'}, {@code '6'} or {@code 'U'}. */
    char family;
    /** The value of the current port so far, -1 before its first digit; the destination port once scanned. */
    int number;

    int sourcePort;

    /** The step the v2 reader has reached: one of {@link V2Reader.Step}'s. */
    int step;

    final byte[] sourceV4 = new byte[4];
    final byte[] destinationV4 = new byte[4];
    private byte[] sourceV6;
    private byte[] destinationV6;
    private Ipv4TextScanner ipv4Text;
    private Ipv6TextScanner ipv6Text;
    private byte[] lineCopy;
    private CRC32C crc;

    HeaderState() {
        reset();
    }

    /** Forgets the header in progress. */
    void reset() {
        version = 0;
        complete = false;
        scanned = 0;
        phase = V1LineScanner.Phase.SIGNATURE;
        family = 0;
        number = -1;
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

    /** The reader of a v1 IPv4 address, for the one being scanned. */
    Ipv4TextScanner ipv4Text() {
        return ipv4Text == null ? (ipv4Text = new Ipv4TextScanner()) : ipv4Text;
    }

    /** The reader of a v1 IPv6 address, for the one being scanned. */
    Ipv6TextScanner ipv6Text() {
        return ipv6Text == null ? (ipv6Text = new Ipv6TextScanner()) : ipv6Text;
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
