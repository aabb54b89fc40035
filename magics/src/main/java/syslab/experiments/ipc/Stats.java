package syslab.experiments.ipc;

import tech.tablesaw.api.DoubleColumn;

/** Summaries over repetitions, as the experiments report them: the median and a tail percentile. */
final class Stats {
    private Stats() { }

    static double median(double[] values) { return DoubleColumn.create("v", values).median(); }

    static double percentile(double[] values, double p) { return DoubleColumn.create("v", values).percentile(p); }
}
