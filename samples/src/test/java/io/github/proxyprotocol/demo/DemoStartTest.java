package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting the containers: a container that cannot listen fails the start, naming it, and stops the others. */
class DemoStartTest {

    @Test
    void aTakenPortFailsTheStartAndStopsTheOtherContainers() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            int first = takeMiddleOfThreeFreePorts(taken);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertThatThrownBy(() -> Demo.start(
                            options("--host=127.0.0.1", "--port=" + first),
                            new PrintStream(out, true, StandardCharsets.UTF_8)))
                    .isInstanceOf(Demo.StartException.class)
                    .hasMessageStartingWith("jetty could not start")
                    .hasMessageContaining(String.valueOf(first + 1));

            // tomcat (first) and undertow (first + 2) were stopped: their ports are free again
            assertThat(canBind(first)).as("port %d free", first).isTrue();
            assertThat(canBind(first + 2)).as("port %d free", first + 2).isTrue();
        }
    }

    private static ServeOptions options(String... args) throws UsageException {
        return ServeOptions.parse(Arguments.parse(List.of(args), ServeOptions.VALUE_OPTIONS, ServeOptions.FLAGS));
    }

    /** Binds {@code taken} to the middle one of three free consecutive ports; returns the first. */
    private static int takeMiddleOfThreeFreePorts(ServerSocket taken) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = FreePorts.find();
            if (first + 2 > 65535 || !canBind(first + 2)) {
                continue;
            }
            try {
                taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), first + 1));
                return first;
            } catch (IOException e) {
                // taken by someone else meanwhile: try other ports
            }
        }
        throw new IllegalStateException("no three consecutive free ports");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
