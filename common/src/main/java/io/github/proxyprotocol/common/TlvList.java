package io.github.proxyprotocol.common;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The TLVs of one header, in wire order, with its first SSL TLV parsed once. Unmodifiable once its header holds it:
 * only the {@link TlvWalker} adds to a list it has just made.
 */
final class TlvList extends AbstractList<Tlv> implements RandomAccess {
    /** No TLVs. */
    static final TlvList EMPTY = new TlvList();

    private Tlv[] items = new Tlv[4];
    private int size;
    private SslTlv ssl;

    TlvList() {}

    /**
     * A list of these TLVs: the list itself if it is one, else a copy whose SSL TLV is parsed, if it has one that
     * parses.
     */
    static TlvList of(List<Tlv> tlvs) {
        if (tlvs instanceof TlvList list) {
            return list;
        }
        if (tlvs.isEmpty()) {
            return EMPTY;
        }
        TlvList copy = new TlvList();
        boolean sslSeen = false;
        for (Tlv tlv : tlvs) {
            SslTlv parsed = null;
            if (!sslSeen && tlv.type() == TlvType.SSL) {
                sslSeen = true;
                parsed = parsedOrNull(tlv);
            }
            copy.add(tlv, parsed);
        }
        return copy;
    }

    private static SslTlv parsedOrNull(Tlv ssl) {
        try {
            return SslTlv.parse(ssl);
        } catch (ProxyProtocolException e) {
            return null; // a malformed SSL TLV, which only a builder makes, has no parsed form
        }
    }

    /** Appends a TLV while the list is being made; {@code ssl} is its parsed value if it is an SSL TLV. */
    void add(Tlv tlv, SslTlv parsed) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = Objects.requireNonNull(tlv, "tlv");
        if (parsed != null && ssl == null) {
            ssl = parsed;
        }
    }

    /** The first SSL TLV, parsed; {@code null} if there is none. */
    SslTlv ssl() {
        return ssl;
    }

    /** The first TLV of a type, or {@code null}. */
    Tlv first(int type) {
        for (int i = 0; i < size; i++) {
            if (items[i].type() == type) {
                return items[i];
            }
        }
        return null;
    }

    @Override
    public Tlv get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }
}
