package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    @Test
    void encodeThenDecodeGivesTheSameHeaderAndEncodeAgainTheSameBytes() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            ProxyHeader header = RandomHeaders.any(random);
            byte[] wire = ProxyHeaderEncoder.encode(header);
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder(ProxyHeaderDecoder.MAX_MAX_HEADER_SIZE);
            ByteBuffer in = ByteBuffer.wrap(wire);
            ProxyHeader decoded = decoder.decode(in);
            assertThat(in.hasRemaining()).isFalse();
            assertThat(ProxyHeaderEncoder.encode(decoded)).isEqualTo(wire);
            assertThat(decoded.version()).isEqualTo(header.version());
            assertThat(decoded.command()).isEqualTo(header.command());
            assertThat(decoded.family()).isEqualTo(header.family());
            assertThat(decoded.source()).isEqualTo(header.source());
            assertThat(decoded.destination()).isEqualTo(header.destination());
            assertThat(decoded.tlvs()).hasSameSizeAs(header.tlvs());
        }
    }
}
