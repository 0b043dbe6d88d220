package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.TransportProtocol;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of {@code /whoami}, without a server: escaping, families, TLVs. */
class WhoAmITest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 51234);

    @Test
    void stringsAreEscaped() {
        String nasty = "quote\" backslash\\ newline\n tab\t nul\0 bell\u0007 del\u007f é ☃";
        String json =
                new Json().put("text", nasty).put("nothing", (String) null).toString();

        assertThat(json).doesNotContain("\n", "\t", "\0", "\u0007");
        assertThat(JsonReader.object(json)).containsEntry("text", nasty).containsEntry("nothing", null);
    }

    @Test
    void directClientHasNoProxyObject() {
        WhoAmI whoAmI = new WhoAmI("tomcat", "127.0.0.1", 51234, "127.0.0.1", 8080, false, "http", PEER, null);

        assertThat(JsonReader.object(whoAmI.toJson().toString()))
                .containsExactly(
                        Map.entry("container", "tomcat"),
                        Map.entry("remoteAddr", "127.0.0.1"),
                        Map.entry("remotePort", 51234L),
                        Map.entry("localAddr", "127.0.0.1"),
                        Map.entry("localPort", 8080L),
                        Map.entry("secure", false),
                        Map.entry("scheme", "http"),
                        Map.entry("peerAddr", "127.0.0.1"),
                        Map.entry("peerPort", 51234L),
                        entryWithNull("proxy"));
    }

    @Test
    void uniqueIdIsTextWhenPrintableElseHex() {
        assertThat(WhoAmI.textOrHex("abc-123 ~".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("abc-123 ~");
        assertThat(WhoAmI.textOrHex(new byte[] {'a', 0x0A})).isEqualTo("610a");
        assertThat(WhoAmI.textOrHex(new byte[] {(byte) 0xC3, (byte) 0xA9})).isEqualTo("c3a9");
        assertThat(WhoAmI.textOrHex(new byte[0])).isEmpty();
    }

    @Test
    void familiesAreNamedLikeV1() {
        InetSocketAddress v4 = new InetSocketAddress("192.0.2.1", 1);
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 1);

        assertThat(WhoAmI.family(
                        ProxyHeader.builder().version(ProtocolVersion.V1).build()))
                .isEqualTo("UNKNOWN");
        assertThat(WhoAmI.family(ProxyHeader.builder().command(Command.LOCAL).build()))
                .isEqualTo("UNSPEC");
        assertThat(WhoAmI.family(ProxyHeader.builder().addresses(v4, v4).build()))
                .isEqualTo("TCP4");
        assertThat(WhoAmI.family(ProxyHeader.builder()
                        .transport(TransportProtocol.DGRAM)
                        .addresses(v6, v6)
                        .build()))
                .isEqualTo("UDP6");
    }

    @Test
    void unknownAndCloudTlvsAreShown() {
        ProxyHeader header = ProxyHeader.builder()
                .addresses(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.2", 2))
                .tlv(0xEA, "\u0001vpce-08d2bf15fac5001c9".getBytes(StandardCharsets.US_ASCII))
                .tlv(0xE5, new byte[] {1, 2, 0x7F})
                .netns("blue")
                .build();

        Map<String, Object> json = JsonReader.object(WhoAmI.describe(header).toString());

        assertThat(JsonReader.at(json, "tlvs"))
                .isEqualTo(Map.of("awsVpcEndpointId", "vpce-08d2bf15fac5001c9", "0xE5", "01027f", "netns", "blue"));
    }

    private static Map.Entry<String, Object> entryWithNull(String key) {
        return new AbstractMap.SimpleEntry<>(key, null);
    }
}
