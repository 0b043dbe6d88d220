package io.github.proxyprotocol.benchmarks.idle;

import java.util.Arrays;

/** How long connections stayed open before the server closed them, sorted, for percentiles. */
final class CloseTimes {
    private final long[] sortedNanos;

    CloseTimes(long[] nanos) {
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    /** The nearest-rank percentile in milliseconds ({@code 0} the smallest, {@code 1} the largest); NaN if none. */
    double percentileMillis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.min(sortedNanos.length - 1, Math.max(0, rank - 1))] / 1e6;
    }
}
