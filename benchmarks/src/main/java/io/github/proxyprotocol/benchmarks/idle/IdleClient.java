package io.github.proxyprotocol.benchmarks.idle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The idle-connection benchmark's client: opens connections to a port on 127.0.0.1 that send nothing, and reports
 * when the server closes each. The script that runs it takes the server's thread count and heap while the
 * connections wait, then tells it to go on through standard input.
 *
 * <pre>
 * IdleClient PORT COUNT RATE WAIT_SECONDS CSV|-
 *   opens COUNT connections, RATE per second, then prints
 *       opened ok=N failed=F seconds=S
 *   waits for a line (or the end) on standard input, then prints
 *       open_at_measure=K          connections the server had not closed by then
 *   waits until the server has closed every connection, or WAIT_SECONDS after the last connect; closes the rest,
 *   RATE per second; writes one line per connection to CSV (unless -), then prints
 *       done eof=E reset=R by_client=C failed=F with_data=D min_ms=.. p50_ms=.. p99_ms=.. max_ms=..
 * </pre>
 *
 * <p>The times are from each connect call to the end of the stream or the reset, over the connections the server
 * closed. One thread and one selector watch every connection.
 */
public final class IdleClient {
    private IdleClient() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: IdleClient PORT COUNT RATE WAIT_SECONDS CSV|-");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        if (count < 1) {
            throw new IllegalArgumentException("COUNT must be at least 1, not " + count);
        }
        double rate = Double.parseDouble(args[2]);
        long waitNanos = (long) (Double.parseDouble(args[3]) * 1e9);
        IdleConnections connections = new IdleConnections(port, count, rate);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);

        connections.openAll();
        out.printf(
                Locale.ROOT,
                "opened ok=%d failed=%d seconds=%.3f%n",
                connections.opened(),
                connections.failed(),
                connections.openingSeconds());

        Thread signal = new Thread(
                () -> {
                    try {
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    } catch (IOException e) {
                        // the end of standard input is the signal too
                    }
                    connections.measured();
                },
                "measured-signal");
        signal.setDaemon(true);
        signal.start();
        connections.watchUntilMeasured();
        out.println("open_at_measure=" + connections.openAtMeasure());

        connections.watchUntilClosed(waitNanos);
        connections.closeRemaining();
        CloseTimes times = connections.closeTimes();
        if (!"-".equals(args[4])) {
            Files.writeString(Path.of(args[4]), connections.csv(), StandardCharsets.UTF_8);
        }
        out.printf(
                Locale.ROOT,
                "done eof=%d reset=%d by_client=%d failed=%d with_data=%d min_ms=%.1f p50_ms=%.1f p99_ms=%.1f"
                        + " max_ms=%.1f%n",
                connections.count(IdleConnections.Outcome.EOF),
                connections.count(IdleConnections.Outcome.RESET),
                connections.count(IdleConnections.Outcome.BY_CLIENT),
                connections.failed(),
                connections.withData(),
                times.percentileMillis(0),
                times.percentileMillis(0.50),
                times.percentileMillis(0.99),
                times.percentileMillis(1));
    }
}
