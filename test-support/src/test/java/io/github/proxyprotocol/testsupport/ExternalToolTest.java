package io.github.proxyprotocol.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    @Test
    void requiredOnlyWhenPropertyOrEnvironmentSaysTrue() {
        assertThat(ExternalTool.required(null, null)).isFalse();
        assertThat(ExternalTool.required("false", "")).isFalse();
        assertThat(ExternalTool.required("true", null)).isTrue();
        assertThat(ExternalTool.required(null, " TRUE ")).isTrue();
    }

    @Test
    void aMissingToolSkipsOrFails() {
        ExternalTool missing = new ExternalTool("no-such-tool-for-proxy-protocol", null);

        assertThat(missing.find()).isEmpty();
        if (ExternalTool.required()) {
            assertThatThrownBy(() -> missing.assumeAvailable("apt-get install it"))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("proxyprotocol.requireHaproxy=true");
        } else {
            assertThatThrownBy(() -> missing.assumeAvailable("apt-get install it"))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessage("no-such-tool-for-proxy-protocol is not installed (apt-get install it); skipping");
        }
    }

    @Test
    void freePortsCanBeBound() throws Exception {
        int port = FreePorts.find();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
