package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests {@code /whoami} on a {@link RawClient} and reads the servlet's JSON answer. */
final class Whoami {
    private Whoami() {}

    /** Sends {@code GET /whoami} and returns the JSON answer (status 200 checked). */
    static Json ask(RawClient client) {
        client.send(RawClient.get("/whoami"));
        return read(client);
    }

    /** Reads one answer of the whoami servlet (status 200 checked). */
    static Json read(RawClient client) {
        RawClient.Response response = client.readResponse();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }
}
