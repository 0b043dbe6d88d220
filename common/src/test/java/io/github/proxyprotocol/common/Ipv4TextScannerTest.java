package io.github.proxyprotocol.common;

import static io.github.proxyprotocol.common.Decoding.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4TextScannerTest {

    /** Scans {@code text} in two pieces split at {@code split}; returns where it stopped. */
    private static int scan(Ipv4TextScanner scanner, byte[] a, int split, byte[] out) {
        scanner.start();
        int stop = scanner.scan(a, 0, split, out, 2);
        return stop == split ? scanner.scan(a, split, a.length, out, 2) : stop;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "10.0.0.1", "192.168.0.11", "203.0.113.7", "255.255.255.255"})
    void readsADottedQuadWholeAndSplitEverywhere(String text) throws Exception {
        byte[] a = ascii(text + " ");
        for (int split = 0; split <= a.length; split++) {
            byte[] out = new byte[7];
            Ipv4TextScanner scanner = new Ipv4TextScanner();
            assertThat(scan(scanner, a, split, out)).as("split at %d", split).isEqualTo(text.length());
            assertThat(scanner.finish(out, 2)).isTrue();
            byte[] expected = new byte[7];
            System.arraycopy(InetAddress.getByName(text).getAddress(), 0, expected, 2, 4);
            assertThat(out).as("split at %d", split).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "01.2.3.4 | 1 | has a leading zero",
                "1.2.3.00 | 7 | has a leading zero",
                "256.1.1.1 | 2 | has a number above 255",
                "1.2.3.1000 | 9 | has a number above 255",
                "1.2.3.4.5 | 7 | is not a dotted quad",
                "1..2.3 | 2 | is not a dotted quad",
                ".1.2.3 | 0 | is not a dotted quad",
                "1.2.3 | 5 | is not a dotted quad",
                "1.2.3.4: | 7 | has a character not allowed in an IPv4 address",
                "1.2.3.a | 6 | has a character not allowed in an IPv4 address",
                "-1.2.3.4 | 0 | has a character not allowed in an IPv4 address"
            })
    void stopsAtTheFirstByteThatCannotContinueIt(String text, int stop, String problem) {
        byte[] a = ascii(text + " ");
        for (int split = 0; split <= a.length; split++) {
            Ipv4TextScanner scanner = new Ipv4TextScanner();
            assertThat(scan(scanner, a, split, new byte[7]))
                    .as("split at %d", split)
                    .isEqualTo(stop);
            byte b = a[stop];
            assertThat(b == ' ' && scanner.finish(new byte[7], 2)).isFalse();
            assertThat(scanner.problemWith(b)).isEqualTo(problem);
        }
    }
}
