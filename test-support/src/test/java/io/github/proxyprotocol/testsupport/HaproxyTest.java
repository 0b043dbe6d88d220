package io.github.proxyprotocol.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HaproxyTest {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private static String tcpConfig(int frontendPort, int serverPort, String serverOptions) {
        return Haproxy.DEFAULTS + """
                frontend fe
                  mode tcp
                  bind 127.0.0.1:%d
                  default_backend be
                backend be
                  mode tcp
                  server s1 127.0.0.1:%d %s
                """.formatted(frontendPort, serverPort, serverOptions);
    }

    @Test
    void sendProxyDeliversAV1HeaderBeforeThePayload() throws Exception {
        Haproxy.assumeAvailable();
        CompletableFuture<String> seen = new CompletableFuture<>();
        int frontend = FreePorts.find();
        try (TestServer server = TestServer.start(socket -> {
                    InputStream in = socket.getInputStream();
                    seen.complete(TestServer.readLine(in) + TestServer.readLine(in));
                });
                Haproxy haproxy = Haproxy.start(tcpConfig(frontend, server.port(), "send-proxy"));
                Socket client = new Socket("127.0.0.1", frontend)) {
            assertThat(haproxy.isRunning()).isTrue();
            assertThat(haproxy.frontendPorts()).containsExactly(frontend);
            client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(seen.get(10, TimeUnit.SECONDS))
                    .isEqualTo(
                            "PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + frontend + "\r\nping\n");
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void sendProxyV2DeliversABinaryHeader() throws Exception {
        Haproxy.assumeAvailable();
        CompletableFuture<byte[]> seen = new CompletableFuture<>();
        int frontend = FreePorts.find();
        try (TestServer server = TestServer.start(socket -> {
                    InputStream in = socket.getInputStream();
                    byte[] fixed = in.readNBytes(16);
                    int length = ByteBuffer.wrap(fixed, 14, 2).getShort() & 0xFFFF;
                    ByteBuffer all = ByteBuffer.allocate(16 + length + 4);
                    all.put(fixed).put(in.readNBytes(length)).put(in.readNBytes(4));
                    seen.complete(all.array());
                });
                Haproxy haproxy = Haproxy.start(tcpConfig(frontend, server.port(), "send-proxy-v2"));
                Socket client = new Socket("127.0.0.1", frontend)) {
            assertThat(haproxy.output()).doesNotContain("ALERT");
            client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));

            ByteBuffer header = ByteBuffer.wrap(seen.get(10, TimeUnit.SECONDS));
            byte[] signature = new byte[12];
            header.get(signature);
            assertThat(signature).isEqualTo(V2_SIGNATURE);
            assertThat(header.get()).isEqualTo((byte) 0x21); // v2, PROXY
            assertThat(header.get()).isEqualTo((byte) 0x11); // TCP over IPv4
            assertThat(header.getShort()).isEqualTo((short) 12);
            assertThat(header.getInt()).isEqualTo(0x7F000001);
            assertThat(header.getInt()).isEqualTo(0x7F000001);
            assertThat(header.getShort() & 0xFFFF).isEqualTo(client.getLocalPort());
            assertThat(header.getShort() & 0xFFFF).isEqualTo(frontend);
            byte[] payload = new byte[4];
            header.get(payload);
            assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("ping");
        }
    }

    @Test
    void stopEndsTheProcessAndKeepsItsOutput() {
        Haproxy.assumeAvailable();
        int frontend = FreePorts.find();
        Haproxy haproxy = Haproxy.start(tcpConfig(frontend, FreePorts.find(), ""));
        haproxy.stop();

        assertThat(haproxy.isRunning()).isFalse();
        assertThat(haproxy.configFile()).doesNotExist();
        assertThat(ListeningPorts.isListening(frontend)).isFalse();
        assertThat(haproxy.output()).isNotNull();
    }

    @Test
    void aBrokenConfigurationFailsWithHaproxysMessage() {
        Haproxy.assumeAvailable();
        String config = tcpConfig(FreePorts.find(), FreePorts.find(), "no-such-keyword");

        assertThatThrownBy(() -> Haproxy.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("haproxy exited")
                .hasMessageContaining("no-such-keyword");
    }

    @Test
    void findsThePortsOfBindLines() {
        String config = """
                frontend a
                  bind 127.0.0.1:8080
                  bind ipv6@::1:8081 ssl crt /tmp/x.pem
                  bind :8082,127.0.0.1:8083
                  bind unix@/tmp/socket
                  bind /tmp/other.sock
                  # bind 127.0.0.1:9999 would count: haproxy's comments are not parsed
                """;

        assertThat(Haproxy.bindPorts(config)).containsExactly(8080, 8081, 8082, 8083);
    }
}
