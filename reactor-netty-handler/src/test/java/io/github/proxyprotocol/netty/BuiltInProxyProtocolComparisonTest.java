package io.github.proxyprotocol.netty;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.proxyprotocol.testsupport.RawHttpClient;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.ProxyProtocolSupportType;

/**
 * What Reactor Netty's own {@code HttpServer.proxyProtocol(ON)} does with a client that reaches the port directly
 * (127.0.0.2, not the balancer) and forges a header claiming to be 198.51.100.66: it believes it, as it would from any
 * peer. This project's listener closes such a connection (the contract suite proves it). This documents Reactor
 * Netty's behaviour, as the README describes it; when Reactor Netty changes it, the test is skipped with a message
 * saying so, rather than failing.
 */
class BuiltInProxyProtocolComparisonTest {
    private static final String FORGED = "PROXY TCP4 198.51.100.66 192.0.2.1 4242 443\r\n";
    private static final String ATTACKER = "127.0.0.2";

    @Test
    void reactorNettysOwnSupportBelievesAForgedHeaderFromAnyPeer() {
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .proxyProtocol(ProxyProtocolSupportType.ON)
                .handle((request, response) -> response.sendString(
                        Mono.just(request.remoteAddress().getAddress().getHostAddress())))
                .bindNow();
        try {
            RawHttpClient attacker = RawHttpClient.to(server.port()).from(ATTACKER);
            String seen = attacker.prefix(FORGED).get("/").body().trim();
            assumeTrue(
                    "198.51.100.66".equals(seen),
                    "Reactor Netty's proxyProtocol(ON) no longer believes a forged header from any peer: " + seen);
        } finally {
            server.disposeNow();
        }
    }
}
