package io.github.proxyprotocol.testsupport.contract;

import io.github.proxyprotocol.common.ProxyProtocolMetrics;
import io.github.proxyprotocol.testsupport.Await;
import java.time.Duration;
import java.util.List;

/**
 * A container started for the contract suite, serving {@link WhoAmI} at {@code GET /whoami} on two PROXY-protocol
 * listeners with the same settings: plain HTTP/1.1 with h2c, and TLS ({@code TestCertificates}' server certificate)
 * with ALPN h2 and http/1.1.
 */
public interface ContractServer extends AutoCloseable {
    /** The plain listener's port. */
    int port();

    /** The TLS listener's port. */
    int tlsPort();

    /** The plain listener's counters. */
    ProxyProtocolMetrics metrics();

    /** How many requests reached the application, on either listener. */
    int requestsServed();

    /** The container's access log lines so far, written with its usual client-address pattern ({@code %a}). */
    List<String> accessLog();

    /** Waits (15 s at most) for the access log line of the request whose target contains {@code marker}. */
    default String awaitAccessLog(String marker) {
        return Await.value(
                Duration.ofSeconds(15),
                () -> "an access log line for " + marker + " in " + accessLog(),
                () -> accessLog().stream()
                        .filter(line -> line.contains(marker))
                        .findFirst()
                        .orElse(null));
    }

    /** The warning lines the PROXY protocol listeners have logged so far. */
    List<String> warnings();

    /** Stops the container. */
    @Override
    void close();
}
