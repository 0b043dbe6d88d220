package io.github.proxyprotocol.spring.boot3;

import io.github.proxyprotocol.spring.scenarios.ReactorNettyHttp2Scenarios;

/** h2c and h2 over TLS through the starter on a WebFlux application on Reactor Netty. */
class ReactorNettyHttp2EmbeddedServerTest extends ReactorNettyHttp2Scenarios {}
