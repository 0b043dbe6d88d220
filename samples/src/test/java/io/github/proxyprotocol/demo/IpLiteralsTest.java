package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's {@code IP:PORT} and {@code IP} options: literals only, never a host name. */
class IpLiteralsTest {

    @Test
    void readsIpv4AndBracketedIpv6() throws Exception {
        assertThat(IpLiterals.socketAddress("--source", "203.0.113.7:4242"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4242));
        assertThat(IpLiterals.socketAddress("--source", "[2001:db8::7]:0"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 0));
        assertThat(IpLiterals.address("--bind", "127.0.0.2")).isEqualTo(InetAddress.getByName("127.0.0.2"));
        assertThat(IpLiterals.address("--bind", "::1")).isEqualTo(InetAddress.getByName("::1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost:80",
                "example.com:80",
                "203.0.113.7",
                "203.0.113.7:",
                "203.0.113.7:65536",
                "203.0.113.7:+80",
                "203.0.113.07:80",
                "203.0.113.256:80",
                "2001:db8::7:80",
                "[2001:db8::7]80",
                "[localhost]:80",
                "[2001:db8::zz]:80"
            })
    void rejectsAnythingElseNamingTheOption(String text) {
        assertThatThrownBy(() -> IpLiterals.socketAddress("--destination", text))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("--destination");
    }

    @Test
    void bindTakesNoHostName() {
        assertThatThrownBy(() -> IpLiterals.address("--bind", "localhost")).hasMessageContaining("--bind");
    }
}
