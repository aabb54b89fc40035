package syslab.experiments.ipc;

import syslab.experiments.common.Columns;
import syslab.experiments.common.Monitor;
import syslab.experiments.common.Param;
import syslab.experiments.common.Percentiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * One-byte ping-pong over two pipes between the parent and a forked child, lmbench's lat_ctx
 * style: with both processes pinned to one CPU, a round trip is two process switches (each
 * blocking read hands the CPU to the other process), so half of it is the cost of a switch
 * including the pipe's read and write.
 */
public final class PipeLatency {
    private PipeLatency() { }

    /** Round trips per repetition; repetitions timed after an untimed one, for each placement. */
    public record Params(
            @Param(value = "Round trips per repetition", label = "N", min = 1, max = Limits.ROUND_TRIPS) int roundTrips,
            @Param(value = "Timed repetitions per placement", names = {"-r", "--repetitions"}, min = 1, max = Limits.REPETITIONS)
            int repetitions,
            @Param("Where the two processes run") List<Placement> placements) {
        public Params {
            placements = List.copyOf(placements);
        }

        public static Params defaults() { return new Params(10_000, 5, List.of(Placement.values())); }

        /** Measurements a run makes: one per placement. */
        public int steps() { return placements.size(); }
    }

    public static Table run(Params p) { return run(p, Monitor.THREAD); }

    public static Table run(Params p, Monitor monitor) {
        StringColumn placement = StringColumn.create("placement");
        DoubleColumn median = Columns.fixed("round trip median µs", 2), p90 = Columns.fixed("round trip p90 µs", 2);
        DoubleColumn perSwitch = Columns.fixed("per switch µs", 2);
        for (Placement pl : p.placements()) {
            monitor.check();
            double[] us = micros(p.roundTrips(), RoundTrip.seconds(Method.PIPE, pl, p.roundTrips(), p.repetitions(), monitor));
            placement.append(pl.label());
            median.append(Percentiles.median(us));
            p90.append(Percentiles.of(us, 90));
            // a switch happens at each blocking read only when both share one CPU
            if (pl == Placement.ONE_CPU) perSwitch.append(Percentiles.median(us) / 2);
            else perSwitch.appendMissing();
            monitor.step();
        }
        return Table.create("pipe latency", placement, median, p90, perSwitch);
    }

    /** Microseconds per round trip of each repetition. */
    static double[] micros(int roundTrips, double[] seconds) {
        double[] us = new double[seconds.length];
        for (int i = 0; i < us.length; i++) us[i] = seconds[i] * 1e6 / roundTrips;
        return us;
    }
}
