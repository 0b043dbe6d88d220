package io.github.proxyprotocol.spring.scenarios;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web application with one controller, {@link WhoAmIController}, run by the scenarios on each Boot line. */
@SpringBootApplication
public class WhoAmIApplication {
    public static void main(String[] args) {
        SpringApplication.run(WhoAmIApplication.class, args);
    }
}
