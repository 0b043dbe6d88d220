package io.github.proxyprotocol.undertow;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.proxyprotocol.testsupport.RawConnection;
import io.github.proxyprotocol.testsupport.RawHttpClient;
import io.github.proxyprotocol.testsupport.RawHttpResponse;
import io.github.proxyprotocol.testsupport.TestHeaders;
import io.undertow.Undertow;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Undertow's own {@code setUseProxyProtocol(true)} listener does with the inputs this project's listener gets
 * right (the contract suite proves ours): a header split across reads, and a header from a peer nobody trusted. These
 * document Undertow's behaviour, as the README describes it; when Undertow changes it, they are skipped with a message
 * saying so, rather than failing.
 */
class BuiltInListenerComparisonTest {
    private static Undertow builtIn;
    private static int builtInPort;

    @BeforeAll
    static void start() {
        builtIn = Undertow.builder()
                .addListener(new Undertow.ListenerBuilder()
                        .setType(Undertow.ListenerType.HTTP)
                        .setHost("127.0.0.1")
                        .setPort(0)
                        .setUseProxyProtocol(true))
                .setHandler(new WhoAmIHandler())
                .build();
        builtIn.start();
        builtInPort = ((InetSocketAddress) builtIn.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stop() {
        builtIn.stop();
    }

    @Test
    void theBuiltInListenerBreaksOnAHeaderSplitAcrossReads() {
        byte[] first = TestHeaders.ascii("PROXY TCP4 203.0");
        byte[] rest = TestHeaders.concat(
                new String(TestHeaders.v1(), StandardCharsets.US_ASCII)
                        .substring(first.length)
                        .getBytes(StandardCharsets.US_ASCII),
                RawHttpClient.to(builtInPort).getRequest("/", true));
        RawHttpResponse answer;
        try (RawConnection connection = RawHttpClient.to(builtInPort).openAndSend(first)) {
            connection.sendQuietly(rest);
            answer = connection.readResponse();
        } catch (UncheckedIOException | AssertionError closed) {
            return; // closed without an answer: the documented behaviour
        }
        assumeTrue(
                answer == null,
                "Undertow's built-in listener answered a header sent in two writes (" + answer.status()
                        + "): either both pieces arrived in one read, or Undertow now reads split headers");
    }

    @Test
    void theBuiltInListenerBelievesAnyPeer() {
        Map<String, String> seen = Seen.of(RawHttpClient.to(builtInPort)
                .from("127.0.0.2")
                .prefix(TestHeaders.v1())
                .get("/"));
        assumeTrue(
                "203.0.113.7:4242".equals(seen.get("remote")),
                "Undertow's built-in listener no longer takes a header from any peer as the client's address: " + seen);
    }
}
