package io.github.proxyprotocol.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A decoded (or to-be-encoded) PROXY protocol header: version, command, family, transport, the addresses and the
 * TLVs. Immutable; this is what every integration exposes as the request attribute {@link #ATTRIBUTE}.
 *
 * <p>Addresses are {@link InetSocketAddress} for INET and INET6 (never resolved), {@link UnixDomainSocketAddress} for
 * UNIX, and {@code null} for UNSPEC, v1 UNKNOWN and every LOCAL header: a LOCAL header's address block is never read
 * as addresses, whatever its family says, and only its family, transport and TLVs are reported. An IPv4-mapped IPv6
 * address ({@code ::ffff:a.b.c.d}) is reported as its {@link Inet4Address}, the family staying INET6 as on the wire.
 * Only a PROXY command's INET or INET6 addresses replace the connection's ({@link #replacesConnectionAddresses()}).
 */
public final class ProxyHeader {
    /** The request attribute holding the connection's {@code ProxyHeader}, absent for a direct client. */
    public static final String ATTRIBUTE = "io.github.proxyprotocol.header";
    /** The request attribute holding the real peer (the balancer's) {@link SocketAddress}. */
    public static final String PEER_ATTRIBUTE = "io.github.proxyprotocol.peer";

    private final ProtocolVersion version;
    private final Command command;
    private final AddressFamily family;
    private final TransportProtocol transport;
    private final @Nullable SocketAddress source;
    private final @Nullable SocketAddress destination;
    private final TlvList tlvs;

    /** A header of these fields; the TLVs are copied unless they are a decoder's list, their SSL TLV parsed once. */
    ProxyHeader(
            ProtocolVersion version,
            Command command,
            AddressFamily family,
            TransportProtocol transport,
            @Nullable SocketAddress source,
            @Nullable SocketAddress destination,
            List<Tlv> tlvs) {
        this.version = version;
        this.command = command;
        this.family = family;
        this.transport = transport;
        this.source = source;
        this.destination = destination;
        this.tlvs = TlvList.of(tlvs);
    }

    /** A builder for a v2 PROXY header with no addresses yet (see {@link Builder#addresses}). */
    public static Builder builder() {
        return new Builder();
    }

    public ProtocolVersion version() {
        return version;
    }

    public Command command() {
        return command;
    }

    public AddressFamily family() {
        return family;
    }

    public TransportProtocol transport() {
        return transport;
    }

    /** The original client's address, or {@code null} where the header carries none that applies. */
    public @Nullable SocketAddress source() {
        return source;
    }

    /** The address the original client connected to, or {@code null} where the header carries none that applies. */
    public @Nullable SocketAddress destination() {
        return destination;
    }

    /** Whether this header replaces the connection's addresses: a PROXY command with INET or INET6 addresses. */
    public boolean replacesConnectionAddresses() {
        return command == Command.PROXY && source instanceof InetSocketAddress;
    }

    /** Every TLV, in wire order (empty for v1). */
    public List<Tlv> tlvs() {
        return tlvs;
    }

    /** The first TLV of a type. */
    public Optional<Tlv> tlv(int type) {
        return Optional.ofNullable(tlvs.first(type));
    }

    /** The ALPN protocol the client negotiated with the proxy, e.g. {@code h2}. */
    public Optional<String> alpn() {
        return tlv(TlvType.ALPN).map(Tlv::valueAsString);
    }

    /** The host name the client asked for (TLS SNI or the like). */
    public Optional<String> authority() {
        return tlv(TlvType.AUTHORITY).map(Tlv::valueAsString);
    }

    /** The proxy's unique id of the connection, at most 128 opaque bytes. */
    public Optional<byte[]> uniqueId() {
        return tlv(TlvType.UNIQUE_ID).map(Tlv::value);
    }

    /** The CRC32C checksum the header carried (already verified by the decoder). */
    public OptionalLong crc32c() {
        Optional<Tlv> t = tlv(TlvType.CRC32C);
        if (t.isEmpty() || t.get().length() != 4) {
            return OptionalLong.empty();
        }
        Tlv v = t.get();
        return OptionalLong.of(((long) v.byteAt(0) << 24) | (v.byteAt(1) << 16) | (v.byteAt(2) << 8) | v.byteAt(3));
    }

    /** The SSL TLV: what the proxy knows of the client's TLS connection; parsed once, with the header. */
    public Optional<SslTlv> ssl() {
        return Optional.ofNullable(tlvs.ssl());
    }

    /** The network namespace name. */
    public Optional<String> netns() {
        return tlv(TlvType.NETNS).map(Tlv::valueAsString);
    }

    /** AWS: the VPC endpoint id (TLV 0xEA, subtype 0x01). */
    public Optional<String> awsVpcEndpointId() {
        Optional<Tlv> t = tlv(TlvType.AWS);
        if (t.isEmpty() || t.get().length() < 1 || t.get().byteAt(0) != 0x01) {
            return Optional.empty();
        }
        byte[] v = t.get().rawValue();
        return Optional.of(new String(v, 1, v.length - 1, StandardCharsets.US_ASCII));
    }

    /** Azure: the private link id (TLV 0xEE, subtype 0x01, 4 bytes little-endian). */
    public OptionalLong azurePrivateLinkId() {
        Optional<Tlv> t = tlv(TlvType.AZURE);
        if (t.isEmpty() || t.get().length() != 5 || t.get().byteAt(0) != 0x01) {
            return OptionalLong.empty();
        }
        Tlv v = t.get();
        return OptionalLong.of(v.byteAt(1) | (v.byteAt(2) << 8) | (v.byteAt(3) << 16) | ((long) v.byteAt(4) << 24));
    }

    /** Google Cloud: the Private Service Connect connection id (TLV 0xE0, 8 bytes big-endian). */
    public OptionalLong gcpPscConnectionId() {
        Optional<Tlv> t = tlv(TlvType.GCP);
        if (t.isEmpty() || t.get().length() != 8) {
            return OptionalLong.empty();
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | t.get().byteAt(i);
        }
        return OptionalLong.of(id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProxyHeader that
                && version == that.version
                && command == that.command
                && family == that.family
                && transport == that.transport
                && Objects.equals(source, that.source)
                && Objects.equals(destination, that.destination)
                && tlvs.equals(that.tlvs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, command, family, transport, source, destination, tlvs);
    }

    @Override
    public String toString() {
        return "ProxyHeader[v" + version.number() + " " + command + " " + family + "/" + transport + " " + source
                + " -> " + destination + (tlvs.isEmpty() ? "" : " " + tlvs) + "]";
    }

    /** Builds a header to encode, validating it against the rules of its version. */
    public static final class Builder {
        private ProtocolVersion version = ProtocolVersion.V2;
        private Command command = Command.PROXY;
        private TransportProtocol transport = TransportProtocol.STREAM;
        private @Nullable SocketAddress source;
        private @Nullable SocketAddress destination;
        private AddressFamily family = AddressFamily.UNSPEC;
        private final List<Tlv> tlvs = new ArrayList<>();

        private Builder() {}

        public Builder version(ProtocolVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        public Builder command(Command command) {
            this.command = Objects.requireNonNull(command, "command");
            return this;
        }

        public Builder transport(TransportProtocol transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * The original source and destination: both {@link InetSocketAddress} of one family (not unresolved), or both
         * {@link UnixDomainSocketAddress}; {@code null} for none (UNSPEC, or v1 UNKNOWN). An IPv4-mapped
         * {@link Inet6Address} keeps the family INET6 and is held as its {@link Inet4Address}, as the decoder reports
         * it. A LOCAL header keeps only the addresses' family: its addresses are never sent.
         */
        public Builder addresses(@Nullable SocketAddress source, @Nullable SocketAddress destination) {
            if ((source == null) != (destination == null)) {
                throw new IllegalArgumentException("give both addresses or neither");
            }
            AddressFamily f = source == null ? AddressFamily.UNSPEC : familyOf(source);
            if (source != null && f != familyOf(destination)) {
                throw new IllegalArgumentException(
                        "source and destination must be of one family: " + source + ", " + destination);
            }
            this.source = unmapped(source);
            this.destination = unmapped(destination);
            this.family = f;
            return this;
        }

        /** An IPv4-mapped IPv6 address as its IPv4 address; any other address as it is. */
        private static SocketAddress unmapped(SocketAddress address) {
            if (address instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet6Address v6) {
                byte[] a = v6.getAddress();
                for (int i = 0; i < 10; i++) {
                    if (a[i] != 0) {
                        return address;
                    }
                }
                if (a[10] == (byte) 0xFF && a[11] == (byte) 0xFF) {
                    try {
                        return new InetSocketAddress(InetAddress.getByAddress(a), inet.getPort());
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            return address;
        }

        public Builder tlv(Tlv tlv) {
            tlvs.add(Objects.requireNonNull(tlv, "tlv"));
            return this;
        }

        public Builder tlv(int type, byte[] value) {
            return tlv(new Tlv(type, value));
        }

        public Builder alpn(String protocol) {
            return tlv(Tlv.ofString(TlvType.ALPN, protocol));
        }

        public Builder authority(String authority) {
            return tlv(Tlv.ofString(TlvType.AUTHORITY, authority));
        }

        public Builder uniqueId(byte[] id) {
            if (id.length > TlvType.UNIQUE_ID_MAX_LENGTH) {
                throw new IllegalArgumentException("a unique id is at most 128 bytes: " + id.length);
            }
            return tlv(TlvType.UNIQUE_ID, id);
        }

        public Builder ssl(SslTlv ssl) {
            return tlv(ssl.toTlv());
        }

        public Builder netns(String namespace) {
            return tlv(Tlv.ofString(TlvType.NETNS, namespace));
        }

        /** Adds a CRC32C TLV; the encoder fills in the checksum. */
        public Builder crc32c() {
            return tlv(Tlv.wrap(TlvType.CRC32C, new byte[4]));
        }

        public ProxyHeader build() {
            if (version == ProtocolVersion.V1) {
                if (!tlvs.isEmpty()) {
                    throw new IllegalArgumentException("a v1 header has no TLVs");
                }
                if (family == AddressFamily.UNIX) {
                    throw new IllegalArgumentException("a v1 header carries only TCP4 or TCP6 addresses");
                }
                if (command != Command.PROXY) {
                    throw new IllegalArgumentException("a v1 header has no LOCAL command: send UNKNOWN (no addresses)");
                }
                if (family == AddressFamily.UNSPEC) {
                    return new ProxyHeader(
                            version, Command.PROXY, family, TransportProtocol.UNSPEC, null, null, List.of());
                }
                if (transport != TransportProtocol.STREAM) {
                    throw new IllegalArgumentException("a v1 header with addresses is a PROXY over TCP");
                }
                return new ProxyHeader(version, command, family, transport, source, destination, List.of());
            }
            if (family == AddressFamily.UNSPEC && command == Command.PROXY) {
                throw new IllegalArgumentException("a v2 PROXY header needs addresses");
            }
            TransportProtocol t = family == AddressFamily.UNSPEC ? TransportProtocol.UNSPEC : transport;
            if (family != AddressFamily.UNSPEC && t == TransportProtocol.UNSPEC) {
                throw new IllegalArgumentException("addresses need a STREAM or DGRAM transport");
            }
            if (command == Command.LOCAL) {
                return new ProxyHeader(version, command, family, t, null, null, tlvs);
            }
            return new ProxyHeader(version, command, family, t, source, destination, tlvs);
        }

        private static AddressFamily familyOf(SocketAddress address) {
            if (address instanceof InetSocketAddress inet) {
                if (inet.isUnresolved()) {
                    throw new IllegalArgumentException("an address must not be unresolved: " + inet);
                }
                if (inet.getAddress() instanceof Inet4Address) {
                    return AddressFamily.INET;
                }
                if (inet.getAddress() instanceof Inet6Address) {
                    return AddressFamily.INET6;
                }
            }
            if (address instanceof UnixDomainSocketAddress) {
                return AddressFamily.UNIX;
            }
            throw new IllegalArgumentException("unsupported address: " + address);
        }
    }
}
