package syslab.experiments.io;

import java.util.Arrays;

/** Order statistics of a sample of durations, by the nearest-rank method. */
final class Percentiles {
    private final long[] sorted;

    Percentiles(long[] samples) {
        if (samples.length == 0) throw new IllegalArgumentException("no samples");
        sorted = samples.clone();
        Arrays.sort(sorted);
    }

    /** The p-th percentile (0 < p <= 100): the smallest sample with at least p% of samples at or below it. */
    long at(double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    long median() {
        return at(50);
    }
}
