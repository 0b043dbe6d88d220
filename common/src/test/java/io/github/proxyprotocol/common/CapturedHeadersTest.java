package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers that real HAProxy 2.6 and curl 7.88 sent, captured by {@code captures/capture.sh}, and an AWS NLB health
 * check from a published packet capture (see {@code captures/README.md}), decode to exactly the
 * fields listed in {@code captures/expected.properties}, whole and split at every byte, leaving the HTTP request
 * after them untouched.
 */
class CapturedHeadersTest {
    static final Properties EXPECTED = load();

    static Properties load() {
        Properties p = new Properties();
        try (InputStream in = CapturedHeadersTest.class.getResourceAsStream("/captures/expected.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    static Stream<String> captures() {
        return EXPECTED.stringPropertyNames().stream()
                .filter(k -> k.endsWith(".headerLength"))
                .map(k -> k.substring(0, k.length() - ".headerLength".length()))
                .sorted();
    }

    static String expected(String name, String key) {
        return EXPECTED.getProperty(name + "." + key);
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = CapturedHeadersTest.class.getResourceAsStream("/captures/" + name + ".bin")) {
            return in.readAllBytes();
        }
    }

    static InetSocketAddress address(String text) throws IOException {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
    }

    @ParameterizedTest
    @MethodSource("captures")
    void decodesWhatRealProxiesSent(String name) throws Exception {
        byte[] wire = bytes(name);
        int headerLength = Integer.parseInt(expected(name, "headerLength"));
        assertThat(wire).hasSize(headerLength + Integer.parseInt(expected(name, "payloadLength")));

        ByteBuffer in = ByteBuffer.wrap(wire);
        ProxyHeader h = new ProxyHeaderDecoder(4096).decode(in);
        assertThat(h).isNotNull();
        assertThat(in.position()).isEqualTo(headerLength);
        for (int step = 1; step <= headerLength; step++) {
            assertThat(Decoding.split(wire, headerLength, step)).isEqualTo(h);
        }

        assertThat(h.version().number()).isEqualTo(Integer.parseInt(expected(name, "version")));
        assertThat(h.command().name()).isEqualTo(expected(name, "command"));
        String family = switch (h.family()) {
            case INET -> "TCP4";
            case INET6 -> "TCP6";
            case UNSPEC -> h.version() == ProtocolVersion.V1 ? "UNKNOWN" : "UNSPEC";
            case UNIX -> "UNIX";
        };
        assertThat(family).isEqualTo(expected(name, "family"));
        if (expected(name, "source") != null) {
            assertThat(h.source()).isEqualTo(address(expected(name, "source")));
            assertThat(h.destination()).isEqualTo(address(expected(name, "destination")));
            assertThat(h.replacesConnectionAddresses()).isTrue();
        } else {
            assertThat(h.replacesConnectionAddresses()).isFalse();
        }
        if (h.command() == Command.LOCAL) {
            assertThat(h.source())
                    .as("a LOCAL header's block is never read as addresses")
                    .isNull();
            assertThat(h.destination()).isNull();
        }
        if (h.version() == ProtocolVersion.V2) {
            assertTlvs(name, h);
        }
    }

    private static void assertTlvs(String name, ProxyHeader h) {
        String types =
                h.tlvs().stream().map(t -> String.format("0x%02X", t.type())).collect(Collectors.joining(","));
        assertThat(types).isEqualToIgnoringCase(expected(name, "tlv.types"));
        assertThat(h.crc32c().isPresent()).isEqualTo(Boolean.parseBoolean(expected(name, "tlv.crc32c")));
        assertThat(h.alpn().orElse(null)).isEqualTo(expected(name, "tlv.alpn"));
        assertThat(h.authority().orElse(null)).isEqualTo(expected(name, "tlv.authority"));
        if ("true".equals(expected(name, "tlv.uniqueId.present"))) {
            String id = new String(h.uniqueId().orElseThrow(), StandardCharsets.US_ASCII);
            assertThat(id).matches(expected(name, "tlv.uniqueId.pattern"));
        } else {
            assertThat(h.uniqueId()).isEmpty();
        }
        if (expected(name, "tlv.ssl.client") == null) {
            assertThat(h.ssl()).isEmpty();
            return;
        }
        SslTlv ssl = h.ssl().orElseThrow();
        assertThat(ssl.client()).isEqualTo(Integer.parseInt(expected(name, "tlv.ssl.client")));
        assertThat(ssl.verify()).isEqualTo(Integer.parseInt(expected(name, "tlv.ssl.verify")));
        List<String> subtypes = new ArrayList<>();
        ssl.subTlvs().forEach(t -> subtypes.add(String.format("0x%02X", t.type())));
        assertThat(String.join(",", subtypes)).isEqualToIgnoringCase(expected(name, "tlv.ssl.subtypes"));
        assertThat(ssl.version().orElse(null)).isEqualTo(expected(name, "tlv.ssl.version"));
        assertThat(ssl.commonName().orElse(null)).isEqualTo(expected(name, "tlv.ssl.cn"));
        assertThat(ssl.cipher().orElse(null)).isEqualTo(expected(name, "tlv.ssl.cipher"));
        assertThat(ssl.signatureAlgorithm().orElse(null)).isEqualTo(expected(name, "tlv.ssl.sigAlg"));
        assertThat(ssl.keyAlgorithm().orElse(null)).isEqualTo(expected(name, "tlv.ssl.keyAlg"));
        assertThat(ssl.isSsl()).isTrue();
        assertThat(ssl.isVerified()).isEqualTo(ssl.hasClientCertificate());
    }
}
