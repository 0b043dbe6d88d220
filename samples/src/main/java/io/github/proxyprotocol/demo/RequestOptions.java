package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.Command;
import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyHeader;
import io.github.proxyprotocol.common.SslTlv;
import io.github.proxyprotocol.common.Tlv;
import io.github.proxyprotocol.common.TlvType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@code request}: the header to send (version, addresses, TLVs), how to connect, and the URL.
 *
 * @param version the header's version
 * @param command {@code PROXY}, or {@code LOCAL} for a v2 health-check header
 * @param source the header's source, or {@code null} for the connection's own local address
 * @param destination the header's destination, or {@code null} for the connection's own remote address
 * @param authority the AUTHORITY TLV, or {@code null}
 * @param alpn the ALPN TLV, or {@code null}
 * @param uniqueId the UNIQUE_ID TLV, or {@code null}
 * @param sslVersion the SSL TLV's version sub-TLV (the TLS version the client spoke to the balancer), or {@code null}
 * @param sslCn the SSL TLV's client certificate CN, or {@code null}
 * @param crc32c whether to add a CRC32C TLV
 * @param bind the local address to connect from, or {@code null} for any
 * @param tls whether to start TLS after the header
 * @param timeoutMillis the connect and read timeout
 * @param url the URL requested
 */
public record RequestOptions(
        ProtocolVersion version,
        Command command,
        InetSocketAddress source,
        InetSocketAddress destination,
        String authority,
        String alpn,
        String uniqueId,
        String sslVersion,
        String sslCn,
        boolean crc32c,
        InetAddress bind,
        boolean tls,
        int timeoutMillis,
        URI url) {

    /** The TLS version put in the SSL TLV when only {@code --ssl-cn} is given. */
    static final String DEFAULT_SSL_VERSION = "TLSv1.3";

    static final Set<String> VALUE_OPTIONS = Set.of(
            "--version",
            "--source",
            "--destination",
            "--authority",
            "--alpn",
            "--unique-id",
            "--ssl-version",
            "--ssl-cn",
            "--bind",
            "--timeout");

    static final Set<String> FLAGS = Set.of("--tls", "--local", "--crc32c", "--help");

    private static final List<String> TLV_OPTIONS =
            List.of("--authority", "--alpn", "--unique-id", "--ssl-version", "--ssl-cn", "--crc32c", "--local");

    /** Reads the options of {@code request}; fails naming the first option that is wrong. */
    static RequestOptions parse(Arguments arguments) throws UsageException {
        ProtocolVersion version = version(arguments.value("--version", "2"));
        if (version == ProtocolVersion.V1) {
            for (String option : TLV_OPTIONS) {
                if (arguments.has(option)) {
                    throw new UsageException(option + " needs --version=2: a v1 header carries addresses only");
                }
            }
        }
        InetSocketAddress source = socketAddress(arguments, "--source");
        InetSocketAddress destination = socketAddress(arguments, "--destination");
        if ((source == null) != (destination == null)) {
            throw new UsageException("Give both --source and --destination, or neither (then the header carries the"
                    + " connection's own addresses)");
        }
        if (source != null && isIpv6(source) != isIpv6(destination)) {
            throw new UsageException("--source and --destination must both be IPv4 or both IPv6: " + format(source)
                    + ", " + format(destination));
        }
        String uniqueId = arguments.value("--unique-id");
        if (uniqueId != null && uniqueId.getBytes(StandardCharsets.UTF_8).length > TlvType.UNIQUE_ID_MAX_LENGTH) {
            throw UsageException.invalid(
                    "--unique-id", uniqueId, "at most " + TlvType.UNIQUE_ID_MAX_LENGTH + " bytes (UTF-8)");
        }
        String bindText = arguments.value("--bind");
        InetAddress bind = bindText == null ? null : IpLiterals.address("--bind", bindText);
        int timeout = timeout(arguments.value("--timeout", "10000"));
        URI url = url(arguments.positionals());
        boolean tls = arguments.has("--tls") || "https".equalsIgnoreCase(url.getScheme());
        return new RequestOptions(
                version,
                arguments.has("--local") ? Command.LOCAL : Command.PROXY,
                source,
                destination,
                arguments.value("--authority"),
                arguments.value("--alpn"),
                uniqueId,
                arguments.value("--ssl-version"),
                arguments.value("--ssl-cn"),
                arguments.has("--crc32c"),
                bind,
                tls,
                timeout,
                url);
    }

    /** The host to connect to, from the URL. */
    String host() {
        String host = url.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port to connect to: the URL's, else 443 with TLS and 80 without. */
    int port() {
        return url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
    }

    /** The request target: the URL's path and query, {@code /} if it has none. */
    String target() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** The Host header: the URL's host and port as written. */
    String hostHeader() {
        return url.getRawAuthority();
    }

    /**
     * The header to send on a connection from {@code local} to {@code remote}: with {@link #source} and {@link
     * #destination} if given, else with these.
     */
    ProxyHeader header(InetSocketAddress local, InetSocketAddress remote) {
        ProxyHeader.Builder header = ProxyHeader.builder().version(version).command(command);
        header.addresses(source != null ? source : local, destination != null ? destination : remote);
        if (authority != null) {
            header.authority(authority);
        }
        if (alpn != null) {
            header.alpn(alpn);
        }
        if (uniqueId != null) {
            header.uniqueId(uniqueId.getBytes(StandardCharsets.UTF_8));
        }
        if (sslVersion != null || sslCn != null) {
            header.ssl(ssl());
        }
        if (crc32c) {
            header.crc32c();
        }
        return header.build();
    }

    private SslTlv ssl() {
        List<Tlv> subTlvs = new ArrayList<>();
        subTlvs.add(Tlv.ofString(TlvType.SSL_VERSION, sslVersion != null ? sslVersion : DEFAULT_SSL_VERSION));
        int client = SslTlv.CLIENT_SSL;
        if (sslCn != null) {
            client |= SslTlv.CLIENT_CERT_CONN | SslTlv.CLIENT_CERT_SESS;
            subTlvs.add(Tlv.ofString(TlvType.SSL_CN, sslCn));
        }
        return new SslTlv(client, 0, subTlvs);
    }

    private static ProtocolVersion version(String text) throws UsageException {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "v1" -> ProtocolVersion.V1;
            case "2", "v2" -> ProtocolVersion.V2;
            default -> throw UsageException.invalid("--version", text, "expected 1 or 2");
        };
    }

    private static InetSocketAddress socketAddress(Arguments arguments, String option) throws UsageException {
        String text = arguments.value(option);
        return text == null ? null : IpLiterals.socketAddress(option, text.trim());
    }

    private static int timeout(String text) throws UsageException {
        String value = text.trim();
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw UsageException.invalid("--timeout", text, "expected milliseconds, from 1 to 999999999");
        }
        int millis = Integer.parseInt(value);
        if (millis < 1) {
            throw UsageException.invalid("--timeout", text, "expected milliseconds, from 1 to 999999999");
        }
        return millis;
    }

    private static URI url(List<String> positionals) throws UsageException {
        if (positionals.isEmpty()) {
            throw new UsageException("Give the URL to request, such as http://127.0.0.1:8080/whoami");
        }
        if (positionals.size() > 1) {
            throw new UsageException("Unexpected argument '" + positionals.get(1) + "': give one URL");
        }
        String text = positionals.get(0);
        String problem = "expected an http:// or https:// URL, such as http://127.0.0.1:8080/whoami";
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw UsageException.invalid("URL", text, problem);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw UsageException.invalid("URL", text, problem);
        }
        return url;
    }

    private static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    private static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (isIpv6(address) ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
