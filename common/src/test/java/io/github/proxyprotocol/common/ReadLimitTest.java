package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An adapter that reads only what {@code readLimit} allows never reads a byte past the header. */
class ReadLimitTest {

    static void assertNeverReadsPastTheHeader(byte[] stream, int headerLength) throws ProxyProtocolException {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE);
        ByteBuffer in = ByteBuffer.allocate(stream.length);
        in.flip();
        int read = 0;
        int reads = 0;
        while (true) {
            int limit = decoder.readLimit(in);
            assertThat(limit).isPositive();
            int n = Math.min(limit, stream.length - read);
            in.limit(read + n);
            in.put(read, stream, read, n);
            read += n;
            reads++;
            assertThat(read).as("bytes read after %d reads", reads).isLessThanOrEqualTo(headerLength);
            if (decoder.decode(in) != null) {
                assertThat(read).isEqualTo(headerLength);
                assertThat(decoder.readLimit(in)).isZero();
                return;
            }
        }
    }

    @Test
    void randomHeadersReadExactlyToTheirEnd() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            ProxyHeader header = RandomHeaders.any(random);
            byte[] wire = ProxyHeaderEncoder.encode(header);
            byte[] stream = Decoding.concat(wire, new byte[] {0x16, 0x03, 0x01, 'G', 'E', 'T'});
            assertNeverReadsPastTheHeader(stream, wire.length);
        }
    }
}
