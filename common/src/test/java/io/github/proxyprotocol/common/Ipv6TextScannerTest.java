package io.github.proxyprotocol.common;

import static io.github.proxyprotocol.common.Decoding.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6TextScannerTest {

    /** The text followed by a space, fed in two pieces split at {@code split}, or one byte at a time if it is -1. */
    private static Result read(String text, int split) {
        byte[] a = ascii(text + " ");
        byte[] out = new byte[16];
        // what an earlier address left behind must not show through
        Arrays.fill(out, (byte) 0x5A);
        Ipv6TextScanner scanner = new Ipv6TextScanner();
        scanner.start();
        int stop;
        if (split < 0) {
            stop = 0;
            for (int end = 1; end <= a.length && stop == end - 1; end++) {
                stop = scanner.scan(a, stop, end, out);
            }
        } else {
            stop = scanner.scan(a, 0, split, out);
            if (stop == split) {
                stop = scanner.scan(a, split, a.length, out);
            }
        }
        boolean ended = stop == text.length();
        return new Result(stop, ended && scanner.finish(out) ? out : null);
    }

    private record Result(int stop, byte[] address) {}

    @ParameterizedTest
    @ValueSource(
            strings = {
                "::",
                "::1",
                "1::",
                "2001:db8::1",
                "2001:db8:85a3::8a2e:370:7334",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "1::8",
                "1:2::7:8",
                "FE80:0000:0000:0000:0202:B3FF:FE1E:8329",
                "fe80::202:b3ff:fe1e:8329",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "::ffff:192.0.2.128",
                "::ffff:0.0.0.0",
                "::1.2.3.4",
                "64:ff9b::203.0.113.7",
                "1:2:3:4:5:6:1.2.3.4",
                "1::6:255.255.255.255",
                "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"
            })
    void readsEveryFormInOnePassWholeAndSplitEverywhere(String text) throws Exception {
        byte[] expected = InetAddress.getByName(text).getAddress();
        if (expected.length == 4) { // Java reads ::ffff:a.b.c.d as IPv4: the 16 bytes are the mapped address
            expected = concatMapped(expected);
        }
        for (int split = -1; split <= text.length() + 1; split++) {
            Result result = read(text, split);
            assertThat(result.stop()).as("%s split at %d", text, split).isEqualTo(text.length());
            assertThat(result.address()).as("%s split at %d", text, split).isEqualTo(expected);
        }
    }

    private static byte[] concatMapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xFF;
        a[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ":",
                "1",
                ":1",
                "1:",
                ":::",
                "1:::2",
                "1::2::3",
                "::1::",
                "12345::1",
                "1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7:8::",
                "::1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::8",
                "1:2:3:4:5:6:7:1.2.3.4",
                "1:2:3:4:5:6::1.2.3.4",
                "1:2:3:4:5:1.2.3.4",
                "1.2.3.4",
                "::.1.2.3",
                "::1.2.3",
                "::1.2.3.4.5",
                "::1.2.3.4:5",
                "::1.2.3.4::",
                "::01.2.3.4",
                "::1.2.3.04",
                "::256.1.1.1",
                "::1234.1.1.1",
                "::1a.2.3.4",
                "::1.2.3.a",
                "::1..2.3",
                "1:.2.3.4",
                "::ffff:1.2.3.4.",
                "1:2:3:4:5:6:7:8."
            })
    void readsAWrongTextToItsEndAndRefusesItThere(String text) {
        for (int split = -1; split <= text.length() + 1; split++) {
            Result result = read(text, split);
            assertThat(result.stop()).as("%s split at %d", text, split).isEqualTo(text.length());
            assertThat(result.address()).as("%s split at %d", text, split).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "fe80::1%eth0", "::1/128", "[::1]", "::g", "-1::"})
    void stopsAtTheFirstByteThatIsNotIpv6Text(String text) {
        byte[] a = ascii(text);
        int expected = 0;
        while (expected < a.length && Ipv6TextScanner.isText(a[expected])) {
            expected++;
        }
        Ipv6TextScanner scanner = new Ipv6TextScanner();
        scanner.start();
        assertThat(scanner.scan(a, 0, a.length, new byte[16])).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 20, 44, 45, 46})
    void stopsAtTheFortySixthCharacter(int split) {
        String longest = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
        assertThat(longest).hasSize(Ipv6TextScanner.MAX_LENGTH);
        byte[] a = ascii(longest + "0 ");
        byte[] out = new byte[16];
        Ipv6TextScanner scanner = new Ipv6TextScanner();
        scanner.start();
        int stop = scanner.scan(a, 0, Math.min(split, a.length), out);
        if (stop == split) {
            stop = scanner.scan(a, stop, a.length, out);
        }
        assertThat(stop).isEqualTo(45);
        assertThat(scanner.isFull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "1:::2"})
    void startReadiesItForTheNextAddress(String first) throws Exception {
        Ipv6TextScanner scanner = new Ipv6TextScanner();
        byte[] out = new byte[16];
        scanner.start();
        byte[] a = ascii(first);
        scanner.scan(a, 0, a.length, out);
        scanner.finish(out);
        scanner.start();
        byte[] b = ascii("2001:db8::7");
        assertThat(scanner.scan(b, 0, b.length, out)).isEqualTo(b.length);
        assertThat(scanner.finish(out)).isTrue();
        assertThat(out).isEqualTo(InetAddress.getByName("2001:db8::7").getAddress());
    }
}
