package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the decoder: on any input it returns a header, asks for more, or throws {@link ProxyProtocolException};
 * never another exception, never a different answer when the same bytes arrive one at a time, never more allocation
 * than a small multiple of the maximum header size; and a decoded header encodes and decodes back to itself.
 *
 * <p>Runs the saved inputs (DecoderFuzzTestInputs) in every build; {@code JAZZER_FUZZ=1} makes it fuzz.
 */
class DecoderFuzzTest {
    static final int MAX_HEADER_SIZE = 512;
    static final long ALLOCATION_BOUND = 64L * MAX_HEADER_SIZE + 64 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) throws Exception {
        outcome(new ProxyHeaderDecoder(MAX_HEADER_SIZE), ByteBuffer.wrap(input)); // warm up: load classes
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(MAX_HEADER_SIZE);
        ByteBuffer in = ByteBuffer.wrap(input);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Outcome whole = outcome(decoder, in);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated)
                .as("bytes allocated decoding %d bytes", input.length)
                .isLessThanOrEqualTo(ALLOCATION_BOUND);

        decoder.reset();
        ByteBuffer growing = ByteBuffer.allocate(input.length);
        growing.flip();
        Outcome split = new Outcome(null, null, 0);
        for (int i = 0; i < input.length; i++) {
            growing.limit(i + 1);
            growing.put(i, input[i]);
            split = outcome(decoder, growing);
            if (split.header != null || split.failure != null) {
                break;
            }
        }
        assertThat(split.header).isEqualTo(whole.header);
        assertThat(split.failure).isEqualTo(whole.failure);
        assertThat(split.position).isEqualTo(whole.position);

        if (whole.header != null) {
            assertThat(whole.position).isLessThanOrEqualTo(MAX_HEADER_SIZE);
            if (whole.header.family() != AddressFamily.UNIX || whole.header.command() == Command.LOCAL) {
                ProxyHeaderDecoder again = new ProxyHeaderDecoder(ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE);
                byte[] encoded = ProxyHeaderEncoder.encode(whole.header);
                ProxyHeader reread = again.decode(ByteBuffer.wrap(encoded));
                if (whole.header.command() == Command.LOCAL && encoded.length < whole.position) {
                    // A LOCAL header read past an address block is written back without it (the block is never
                    // part of the header), so a CRC32C over the sender's bytes cannot be the same: all else is.
                    assertThat(encoded.length)
                            .isEqualTo(whole.position - whole.header.family().blockLength());
                    assertThat(withoutChecksum(reread)).isEqualTo(withoutChecksum(whole.header));
                } else {
                    assertThat(reread).isEqualTo(whole.header);
                }
            }
        }
    }

    /** The header with the value of a CRC32C TLV zeroed. */
    private static ProxyHeader withoutChecksum(ProxyHeader h) {
        List<Tlv> tlvs = new ArrayList<>();
        for (Tlv t : h.tlvs()) {
            tlvs.add(t.type() == TlvType.CRC32C ? new Tlv(TlvType.CRC32C, new byte[t.length()]) : t);
        }
        return new ProxyHeader(h.version(), h.command(), h.family(), h.transport(), h.source(), h.destination(), tlvs);
    }

    private record Outcome(ProxyHeader header, Reason failure, int position) {}

    private static Outcome outcome(ProxyHeaderDecoder decoder, ByteBuffer in) {
        try {
            ProxyHeader header = decoder.decode(in);
            return new Outcome(header, null, in.position());
        } catch (ProxyProtocolException e) {
            return new Outcome(null, e.reason(), in.position());
        }
    }
}
