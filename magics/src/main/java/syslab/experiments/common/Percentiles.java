package syslab.experiments.common;

import java.util.Arrays;

/**
 * The order statistics every experiment reports, by the nearest-rank method: a reported median or
 * p90 is one of the measured values, never a value between two of them.
 */
public final class Percentiles {
    private Percentiles() { }

    /** The p-th percentile (0 < p <= 100): the smallest value with at least p% of the values at or below it. */
    public static double of(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[rank(sorted.length, p)];
    }

    /** {@link #of(double[], double)} for durations in nanoseconds and other counts. */
    public static long of(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[rank(sorted.length, p)];
    }

    public static double median(double[] values) { return of(values, 50); }

    public static long median(long[] values) { return of(values, 50); }

    private static int rank(int n, double p) {
        if (n == 0) throw new IllegalArgumentException("no values");
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
        return Math.max(0, (int) Math.ceil(p / 100 * n) - 1);
    }
}
