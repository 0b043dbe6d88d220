/**
 * The PROXY protocol itself, free of any container: the decoder and encoder, the header and its TLVs, the trust table
 * and the settings, and the header phase every integration runs for each connection.
 *
 * <p>Null rule: nothing is null unless marked {@link org.jspecify.annotations.Nullable}, which is used where a value
 * is absent by position or state (a header's addresses where it carries none, the bytes after a header when there are
 * none, a decoder that needs more bytes). What a header may or may not carry (a TLV, a code the specification does not
 * assign) is an {@link java.util.Optional}.
 */
@NullMarked
package io.github.proxyprotocol.common;

import org.jspecify.annotations.NullMarked;
