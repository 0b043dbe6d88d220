package io.github.proxyprotocol.demo.springboot.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application (on Reactor Netty) behind a load balancer that sends the PROXY protocol: the starter and {@code
 * application.properties} are all it takes.
 */
@SpringBootApplication
public class SampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
