package io.github.proxyprotocol.jetty;

import io.github.proxyprotocol.apibaseline.PublicApi;
import org.junit.jupiter.api.Test;

/** The module's public API is the committed baseline ({@code api.txt}): a change to it is always deliberate. */
class PublicApiTest {
    @Test
    void thePublicApiIsTheBaseline() {
        PublicApi.assertMatchesBaseline();
    }
}
