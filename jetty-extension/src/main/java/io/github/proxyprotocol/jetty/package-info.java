/**
 * A strict, trusted PROXY protocol (v1 and v2) for Jetty 12.0 and 12.1: {@link
 * io.github.proxyprotocol.jetty.TrustedProxyConnectionFactory} goes first on a connector, in front of HTTP/1.1, TLS,
 * ALPN, HTTP/2 or h2c, and the {@code proxy-protocol-trusted} jetty-home module puts it on the http and https
 * connectors through {@link io.github.proxyprotocol.jetty.TrustedProxyConnectors}.
 */
package io.github.proxyprotocol.jetty;
