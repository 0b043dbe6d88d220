package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.common.ProxyProtocolGate;

/**
 * A started PROXY-protocol listener of the embedded web server.
 *
 * @param name the scheme and the port it listens on, such as {@code http-8080}: the meters' {@code listener} tag
 * @param gate its settings and metrics
 */
public record ProxyProtocolListener(String name, ProxyProtocolGate gate) {}
