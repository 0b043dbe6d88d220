package io.github.proxyprotocol.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The PP2_TYPE_SSL TLV: what the proxy knows of the client's TLS connection (client flags, the verify result and the
 * sub-TLVs VERSION, CN, CIPHER, SIG_ALG, KEY_ALG, GROUP, SIG_SCHEME, CLIENT_CERT). Immutable.
 */
public final class SslTlv {
    /** Client flag: the client connected over SSL/TLS. */
    public static final int CLIENT_SSL = 0x01;
    /** Client flag: the client presented a certificate on this connection. */
    public static final int CLIENT_CERT_CONN = 0x02;
    /** Client flag: the client presented a certificate at least once in this TLS session. */
    public static final int CLIENT_CERT_SESS = 0x04;

    private final int client;
    private final int verify;
    private final List<Tlv> subTlvs;

    /** An SSL TLV with these client flags (0-255), verify result and sub-TLVs. */
    public SslTlv(int client, int verify, List<Tlv> subTlvs) {
        if (client < 0 || client > 0xFF) {
            throw new IllegalArgumentException("SSL client flags must be 0-255: " + client);
        }
        this.client = client;
        this.verify = verify;
        this.subTlvs = List.copyOf(subTlvs);
    }

    /**
     * Reads the value of an SSL TLV.
     *
     * @throws ProxyProtocolException with {@link Reason#TLV_MALFORMED} if it is shorter than 5 bytes or a sub-TLV runs
     *     past its end
     */
    public static SslTlv parse(Tlv tlv) throws ProxyProtocolException {
        byte[] v = tlv.rawValue();
        return TlvWalker.ssl(ByteBuffer.wrap(v), 0, v.length, true);
    }

    /** This TLV's wire value: client, verify and the sub-TLVs. */
    public Tlv toTlv() {
        int size = 5;
        for (Tlv sub : subTlvs) {
            size += 3 + sub.length();
        }
        byte[] out = new byte[size];
        out[0] = (byte) client;
        out[1] = (byte) (verify >>> 24);
        out[2] = (byte) (verify >>> 16);
        out[3] = (byte) (verify >>> 8);
        out[4] = (byte) verify;
        int i = 5;
        for (Tlv sub : subTlvs) {
            out[i] = (byte) sub.type();
            out[i + 1] = (byte) (sub.length() >>> 8);
            out[i + 2] = (byte) sub.length();
            System.arraycopy(sub.rawValue(), 0, out, i + 3, sub.length());
            i += 3 + sub.length();
        }
        return Tlv.wrap(TlvType.SSL, out);
    }

    /** The client bit field: {@link #CLIENT_SSL}, {@link #CLIENT_CERT_CONN}, {@link #CLIENT_CERT_SESS}. */
    public int client() {
        return client;
    }

    /** The raw verify field: zero when the client's certificate was verified. */
    public int verify() {
        return verify;
    }

    /** Whether the client connected to the proxy over SSL/TLS. */
    public boolean isSsl() {
        return (client & CLIENT_SSL) != 0;
    }

    /** Whether the client presented a certificate, on this connection or earlier in its TLS session. */
    public boolean hasClientCertificate() {
        return (client & (CLIENT_CERT_CONN | CLIENT_CERT_SESS)) != 0;
    }

    /** Whether the client presented a certificate and the proxy verified it. */
    public boolean isVerified() {
        return verify == 0 && hasClientCertificate();
    }

    /** The sub-TLVs, in wire order. */
    public List<Tlv> subTlvs() {
        return subTlvs;
    }

    /** The TLS version, e.g. {@code TLSv1.3}. */
    public Optional<String> version() {
        return string(TlvType.SSL_VERSION);
    }

    /** The Common Name of the client certificate's subject. */
    public Optional<String> commonName() {
        return string(TlvType.SSL_CN);
    }

    /** The cipher, e.g. {@code ECDHE-RSA-AES128-GCM-SHA256}. */
    public Optional<String> cipher() {
        return string(TlvType.SSL_CIPHER);
    }

    /** The signature algorithm of the proxy's certificate, e.g. {@code RSA-SHA256}. */
    public Optional<String> signatureAlgorithm() {
        return string(TlvType.SSL_SIG_ALG);
    }

    /** The key algorithm of the proxy's certificate, e.g. {@code RSA2048}. */
    public Optional<String> keyAlgorithm() {
        return string(TlvType.SSL_KEY_ALG);
    }

    /** The key exchange group, e.g. {@code secp256r1}. */
    public Optional<String> group() {
        return string(TlvType.SSL_GROUP);
    }

    /** The signature scheme, e.g. {@code rsa_pss_rsae_sha256}. */
    public Optional<String> signatureScheme() {
        return string(TlvType.SSL_SIG_SCHEME);
    }

    /** The client certificate, DER encoded. */
    public Optional<byte[]> clientCertificate() {
        return sub(TlvType.SSL_CLIENT_CERT).map(Tlv::value);
    }

    /** The first sub-TLV of a type. */
    public Optional<Tlv> sub(int type) {
        for (Tlv t : subTlvs) {
            if (t.type() == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private Optional<String> string(int type) {
        return sub(type).map(t -> new String(t.rawValue(), StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SslTlv that
                && client == that.client
                && verify == that.verify
                && subTlvs.equals(that.subTlvs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(client, verify, subTlvs);
    }

    @Override
    public String toString() {
        return "SslTlv[client=" + client + ", verify=" + verify + ", subTlvs=" + subTlvs + "]";
    }
}
