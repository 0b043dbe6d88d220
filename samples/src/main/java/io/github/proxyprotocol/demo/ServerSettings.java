package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.Setting;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What one container is started with.
 *
 * @param host the address to listen on
 * @param httpPort the HTTP listener's port (0: any free port)
 * @param httpsPort the HTTPS listener's port (0: any free port), or empty for no HTTPS listener
 * @param proxyProtocol the PROXY protocol settings given (already checked), as text; the others keep their defaults
 */
public record ServerSettings(String host, int httpPort, OptionalInt httpsPort, Map<Setting, String> proxyProtocol) {

    public ServerSettings {
        proxyProtocol = Map.copyOf(proxyProtocol);
    }
}
