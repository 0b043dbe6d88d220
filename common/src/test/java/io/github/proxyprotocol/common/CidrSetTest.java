package io.github.proxyprotocol.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrSetTest {

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void matchesIpv4AndIpv6RangesAndSingleAddresses() throws Exception {
        CidrSet set = CidrSet.parse("10.0.0.0/8, 192.168.1.7 2001:db8::/32,::1");
        assertThat(set.contains(ip("10.255.255.255"))).isTrue();
        assertThat(set.contains(ip("11.0.0.0"))).isFalse();
        assertThat(set.contains(ip("9.255.255.255"))).isFalse();
        assertThat(set.contains(ip("192.168.1.7"))).isTrue();
        assertThat(set.contains(ip("192.168.1.8"))).isFalse();
        assertThat(set.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(set.contains(ip("2001:db9::"))).isFalse();
        assertThat(set.contains(ip("::1"))).isTrue();
        assertThat(set.contains(ip("::2"))).isFalse();
        assertThat(set.contains(new InetSocketAddress(ip("10.1.2.3"), 80))).isTrue();
        assertThat(set.contains(UnixDomainSocketAddress.of("/tmp/x.sock"))).isFalse();
    }

    @Test
    void anIpv4MappedIpv6PeerMatchesItsIpv4Range() throws Exception {
        CidrSet set = CidrSet.parse("127.0.0.0/8");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 127;
        mapped[15] = 1;
        assertThat(set.contains(java.net.Inet6Address.getByAddress(null, mapped, -1)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {",", " , ", ",,", "\t,\n"})
    void separatorsWithoutAnEntryAreRefused(String text) {
        assertThatThrownBy(() -> CidrSet.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no address or CIDR");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*",
                "0.0.0.0/0",
                "::/0",
                "0.0.0.0/1,128.0.0.0/1",
                "128.0.0.0/1 0.0.0.0/1",
                "10.0.0.0/8, 0.0.0.0/0",
                "::/1, 8000::/1",
                "0.0.0.0/2,64.0.0.0/2,128.0.0.0/2,192.0.0.0/2",
                "::/2,4000::/2,8000::/2,c000::/2, 10.0.0.0/8",
                "0.0.0.0/1,128.0.0.0/2,192.0.0.0/3,224.0.0.0/3"
            })
    void coversEveryAddressOfAVersion(String text) {
        assertThat(CidrSet.parse(text).coversEveryAddress()).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.0.0.0/8",
                "0.0.0.0/1",
                "0.0.0.0/1,128.0.0.0/2,224.0.0.0/3",
                "0.0.0.0/1,192.0.0.0/2",
                "::/1",
                "::/1,8000::/2,c000::/3",
                "0.0.0.0/1,8000::/1",
                "::ffff:0:0/96",
                "0.0.0.0/1,128.0.0.0/2,192.0.0.0/3,224.0.0.0/4,::1"
            })
    void doesNotCoverEveryAddress(String text) {
        assertThat(CidrSet.parse(text).coversEveryAddress()).as(text).isFalse();
    }

    @Test
    void rangesThatTouchMerge() throws Exception {
        CidrSet v6 = CidrSet.parse("2001:db8::/33, 2001:db8:8000::/33");
        assertThat(v6.contains(ip("2001:db8:7fff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(v6.contains(ip("2001:db8:8000::"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::"))).isFalse();
        CidrSet carry = CidrSet.parse("::/64, 0:0:0:1::/64");
        assertThat(carry.contains(ip("::ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(carry.contains(ip("0:0:0:1::"))).isTrue();
        assertThat(carry.contains(ip("0:0:0:2::"))).isFalse();
    }

    @Test
    void starMatchesEveryPeerAndEmptyMatchesNone() throws Exception {
        assertThat(CidrSet.parse("*").contains(UnixDomainSocketAddress.of("/tmp/x")))
                .isTrue();
        assertThat(CidrSet.parse("*").isAny()).isTrue();
        assertThat(CidrSet.parse(" ").isEmpty()).isTrue();
        assertThat(CidrSet.parse("").contains(ip("1.2.3.4"))).isFalse();
        assertThat(CidrSet.parse("0.0.0.0/0").contains(ip("255.1.2.3"))).isTrue();
        assertThat(CidrSet.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(CidrSet.parse("::/0").contains(ip("fe80::1"))).isTrue();
    }

    @Test
    void hostBitsBeyondThePrefixAreMasked() throws Exception {
        assertThat(CidrSet.parse("10.1.2.3/8").contains(ip("10.9.9.9"))).isTrue();
        assertThat(CidrSet.parse("2001:db8::1/127").contains(ip("2001:db8::"))).isTrue();
        assertThat(CidrSet.parse("2001:db8::1/65").contains(ip("2001:db8:0:0:7fff::")))
                .isTrue();
        assertThat(CidrSet.parse("2001:db8::1/65").contains(ip("2001:db8:0:0:8000::")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "10.0.0.0/33",
                "10.0.0/8",
                "10.0.0.0/",
                "10.0.0.0/08",
                "::1/129",
                "1::2::3",
                "example.com",
                "10.0.0.1/-1",
                "010.0.0.1"
            })
    void rejectsWhatIsNotAnAddressOrCidrNamingIt(String entry) {
        assertThatThrownBy(() -> CidrSet.parse("192.168.0.0/16, " + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }

    @Test
    void agreesWithANaiveScanOverHundredsOfRanges() throws Exception {
        Random r = new Random(1);
        StringBuilder text = new StringBuilder();
        int[][] ranges = new int[500][2];
        for (int i = 0; i < ranges.length; i++) {
            int prefix = 8 + r.nextInt(25);
            int base = r.nextInt() & (prefix == 32 ? -1 : ~(-1 >>> prefix));
            ranges[i][0] = base;
            ranges[i][1] = prefix;
            text.append(InetAddress.getByAddress(toBytes(base)).getHostAddress())
                    .append('/')
                    .append(prefix)
                    .append(' ');
        }
        CidrSet set = CidrSet.parse(text.toString());
        for (int i = 0; i < 20_000; i++) {
            int probe = i % 2 == 0 ? r.nextInt() : ranges[r.nextInt(ranges.length)][0] + r.nextInt(256);
            boolean naive = false;
            for (int[] range : ranges) {
                int mask = range[1] == 0 ? 0 : -1 << (32 - range[1]);
                naive |= (probe & mask) == (range[0] & mask);
            }
            assertThat(set.contains(InetAddress.getByAddress(toBytes(probe)))).isEqualTo(naive);
        }
    }

    private static byte[] toBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Test
    void parsesAddressLiteralsStrictlyWithoutResolvingNames() throws Exception {
        assertThat(IpAddresses.parse("203.0.113.7")).isEqualTo(ip("203.0.113.7"));
        assertThat(IpAddresses.parse("2001:db8::7")).isEqualTo(ip("2001:db8::7"));
        for (String bad :
                new String[] {"localhost", "203.0.113.07", "203.0.113.256", "1.2.3", "[::1]", "fe80::1%eth0", ""}) {
            assertThatThrownBy(() -> IpAddresses.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
