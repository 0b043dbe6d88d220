package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.ProxyProtocolConfig;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one container is started with.
 *
 * @param host the address to listen on
 * @param httpPort the HTTP listener's port (0: any free port)
 * @param httpsPort the HTTPS listener's port (0: any free port), or empty for no HTTPS listener
 * @param proxyProtocol the PROXY protocol settings, parsed once from the command line
 */
public record ServerSettings(String host, int httpPort, OptionalInt httpsPort, ProxyProtocolConfig proxyProtocol) {

    public ServerSettings {
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    }
}
