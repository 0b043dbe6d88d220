package io.github.proxyprotocol.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/** The build runs these tests once per Jetty line (12.1 and 12.0): checks that this run has the line it claims. */
class JettyLineTest {
    @Test
    void runsOnTheExpectedJettyLine() {
        String expected = System.getProperty("jetty.expectedLine", "12.1");

        assertThat(Jetty.VERSION).startsWith(expected + ".");
        assertThat(Server.getVersion()).startsWith(expected + ".");
        List<String> jettyJars = Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("/org/eclipse/jetty/"))
                .toList();
        assertThat(jettyJars).isNotEmpty().allSatisfy(jar -> assertThat(jar).contains("-" + expected + "."));
    }
}
