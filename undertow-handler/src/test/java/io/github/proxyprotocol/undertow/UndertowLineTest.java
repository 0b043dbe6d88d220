package io.github.proxyprotocol.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Version;
import org.junit.jupiter.api.Test;

/** The build runs these tests once per Undertow line (2.3 and 2.4): checks that this run has the line it claims. */
class UndertowLineTest {
    @Test
    void runsOnTheExpectedUndertowLine() {
        assertThat(Version.getVersionString()).startsWith(System.getProperty("undertow.expectedLine", "2.3") + ".");
    }
}
