package io.github.proxyprotocol.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeaderInjectingRelayTest {

    private static byte[] v1(InetSocketAddress client, InetSocketAddress relay) {
        return ("PROXY TCP4 " + client.getAddress().getHostAddress() + " "
                        + relay.getAddress().getHostAddress() + " " + client.getPort() + " " + relay.getPort()
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesTheHeaderThenRelaysBothWays() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (TestServer server = TestServer.start(socket -> {
                    InputStream in = socket.getInputStream();
                    String header = TestServer.readLine(in);
                    String payload = TestServer.readLine(in);
                    seen.complete(header + payload);
                    socket.getOutputStream().write("world\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(in.read()).isEqualTo(-1); // the client's half-close is passed on
                });
                HeaderInjectingRelay relay = HeaderInjectingRelay.start(server.port(), HeaderInjectingRelayTest::v1);
                Socket client = new Socket("127.0.0.1", relay.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();

            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("world\n");
            assertThat(seen.get(10, TimeUnit.SECONDS))
                    .isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + relay.port()
                            + "\r\nhello\n");
            assertThat(relay.acceptedConnections()).isEqualTo(1);
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void closeEndsOpenConnections() throws Exception {
        try (TestServer server =
                TestServer.start(socket -> socket.getInputStream().readAllBytes())) {
            HeaderInjectingRelay relay = HeaderInjectingRelay.start(server.port(), (client, local) -> new byte[0]);
            try (Socket client = new Socket("127.0.0.1", relay.port())) {
                client.setSoTimeout(10_000);
                server.nextAccepted(); // relayed to the backend
                relay.close();

                int read;
                try {
                    read = client.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).isEqualTo(-1);
            }
        }
    }
}
