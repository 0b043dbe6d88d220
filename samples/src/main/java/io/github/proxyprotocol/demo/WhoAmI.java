package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.AddressFamily;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import io.github.proxyprotocol.common.TransportProtocol;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a container told the application about one request's connection, and its JSON form, the body of {@code GET
 * /whoami}.
 *
 * @param container the container's name: {@code tomcat}, {@code jetty} or {@code undertow}
 * @param remoteAddr the client address the request reports (the header's source)
 * @param remotePort the client port the request reports
 * @param localAddr the local address the request reports (the header's destination)
 * @param localPort the local port the request reports
 * @param secure whether the request reports itself secure
 * @param scheme the request's scheme
 * @param peer the real peer (the balancer), from the request attribute {@value ProxyHeader#PEER_ATTRIBUTE}
 * @param header the PROXY header, from the request attribute {@value ProxyHeader#ATTRIBUTE}; {@code null} for a
 *     direct client
 */
public record WhoAmI(
        String container,
        String remoteAddr,
        int remotePort,
        String localAddr,
        int localPort,
        boolean secure,
        String scheme,
        SocketAddress peer,
        ProxyHeader header) {

    /** The path the demo answers on. */
    public static final String PATH = "/whoami";

    /** The media type of the answer. */
    public static final String CONTENT_TYPE = "application/json";

    /** The answer's JSON. */
    public Json toJson() {
        Json json = new Json()
                .put("container", container)
                .put("remoteAddr", remoteAddr)
                .put("remotePort", remotePort)
                .put("localAddr", localAddr)
                .put("localPort", localPort)
                .put("secure", secure)
                .put("scheme", scheme);
        if (peer instanceof InetSocketAddress inet) {
            json.put("peerAddr", inet.getAddress().getHostAddress()).put("peerPort", inet.getPort());
        } else {
            json.put("peerAddr", peer == null ? null : peer.toString()).putNull("peerPort");
        }
        return json.put("proxy", header == null ? null : describe(header));
    }

    /** The header as JSON: version, command, family and TLVs. */
    static Json describe(ProxyHeader header) {
        return new Json()
                .put("version", header.version().number())
                .put("command", header.command().name())
                .put("family", family(header))
                .put("tlvs", tlvs(header));
    }

    /**
     * The family as in a v1 line ({@code TCP4}, {@code TCP6}, {@code UNKNOWN}) or, for what v1 cannot say, {@code
     * UDP4}, {@code UDP6}, {@code UNIX_STREAM}, {@code UNIX_DGRAM} and {@code UNSPEC}.
     */
    static String family(ProxyHeader header) {
        AddressFamily family = header.family();
        TransportProtocol transport = header.transport();
        if (family == null || family == AddressFamily.UNSPEC) {
            return header.version().number() == 1 ? "UNKNOWN" : "UNSPEC";
        }
        boolean datagram = transport == TransportProtocol.DGRAM;
        return switch (family) {
            case INET -> datagram ? "UDP4" : "TCP4";
            case INET6 -> datagram ? "UDP6" : "TCP6";
            case UNIX -> datagram ? "UNIX_DGRAM" : "UNIX_STREAM";
            default -> family.name();
        };
    }

    private static Json tlvs(ProxyHeader header) {
        Json tlvs = new Json();
        for (Tlv tlv : header.tlvs()) {
            switch (tlv.type()) {
                case TlvType.ALPN -> tlvs.put("alpn", tlv.valueAsString());
                case TlvType.AUTHORITY -> tlvs.put("authority", tlv.valueAsString());
                case TlvType.UNIQUE_ID -> tlvs.put("uniqueId", textOrHex(tlv.value()));
                case TlvType.CRC32C -> tlvs.put("crc32c", HexFormat.of().formatHex(tlv.value()));
                case TlvType.NETNS -> tlvs.put("netns", tlv.valueAsString());
                case TlvType.NOOP -> {
                    // padding: nothing to show
                }
                case TlvType.SSL ->
                    tlvs.put("ssl", header.ssl().map(WhoAmI::ssl).orElse(null));
                case TlvType.AWS ->
                    tlvs.put("awsVpcEndpointId", header.awsVpcEndpointId().orElseGet(() -> hex(tlv)));
                case TlvType.AZURE -> {
                    if (header.azurePrivateLinkId().isPresent()) {
                        tlvs.put(
                                "azurePrivateLinkId",
                                header.azurePrivateLinkId().getAsLong());
                    } else {
                        tlvs.put("azurePrivateLinkId", hex(tlv));
                    }
                }
                case TlvType.GCP ->
                    tlvs.put(
                            "gcpPscConnectionId",
                            header.gcpPscConnectionId().isPresent()
                                    ? Long.toUnsignedString(
                                            header.gcpPscConnectionId().getAsLong())
                                    : hex(tlv));
                default -> tlvs.put(String.format(Locale.ROOT, "0x%02X", tlv.type()), hex(tlv));
            }
        }
        return tlvs;
    }

    private static Json ssl(SslTlv ssl) {
        Json json = new Json().put("client", ssl.client()).put("verified", ssl.isVerified());
        ssl.version().ifPresent(version -> json.put("version", version));
        ssl.commonName().ifPresent(cn -> json.put("cn", cn));
        ssl.cipher().ifPresent(cipher -> json.put("cipher", cipher));
        ssl.signatureAlgorithm().ifPresent(algorithm -> json.put("sigAlg", algorithm));
        ssl.keyAlgorithm().ifPresent(algorithm -> json.put("keyAlg", algorithm));
        ssl.group().ifPresent(group -> json.put("group", group));
        ssl.clientCertificate().ifPresent(der -> json.put("clientCertLength", der.length));
        return json;
    }

    /** The bytes as text when every one is printable ASCII, else as lower-case hex. */
    static String textOrHex(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String hex(Tlv tlv) {
        return HexFormat.of().formatHex(tlv.value());
    }
}
