package io.github.proxyprotocol.spring;

/**
 * The embedded Reactor Netty server has a {@code forwarded} function (as with {@code
 * server.forward-headers-strategy=native}) that the PROXY protocol listener cannot run after its own: replacing it
 * would drop the application's {@code Forwarded} headers, and running it first would drop the PROXY header's
 * addresses.
 */
public class ReactorNettyForwardedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ReactorNettyForwardedException(String problem, Throwable cause) {
        super(
                ProxyProtocolAutoConfiguration.ENABLED + "=true, but the embedded Reactor Netty server's forwarded"
                        + " headers handler (server.forward-headers-strategy=native, or a cloud platform's default) could not"
                        + " be kept behind the PROXY protocol listener: " + problem,
                cause);
    }
}
