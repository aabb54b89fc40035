package syslab.experiments.ipc;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The IPC methods side by side, between the parent and forked children: one-way bandwidth for each
 * chunk size (the methods that carry bytes) and one-byte round-trip latency, for each placement of
 * the two processes. Tests the notes' claims that pipes and FIFOs are slow, shared memory fastest,
 * signals slow to arrive and local sockets merely "stable".
 */
public final class IpcCompare {
    private IpcCompare() { }

    /**
     * @param sizes       chunk sizes for bandwidth, bytes
     * @param bytes       bytes per bandwidth repetition
     * @param roundTrips  round trips per latency repetition
     * @param repetitions timed repetitions of each measurement (after an untimed one)
     */
    public record Params(List<Method> methods, List<Integer> sizes, long bytes, int roundTrips, int repetitions,
                         List<Placement> placements) {
        public Params {
            methods = List.copyOf(methods);
            sizes = List.copyOf(sizes);
            placements = List.copyOf(placements);
        }

        public static Params defaults() {
            return new Params(Method.all(), List.of(65536), 64L << 20, 10_000, 5, List.of(Placement.ONE_CPU, Placement.FREE));
        }

        /** Measurements made, for a progress bar. */
        public int count() {
            int bandwidth = (int) methods.stream().filter(Method::carriesBytes).count() * sizes.size();
            return (bandwidth + methods.size()) * placements.size();
        }
    }

    public record Result(Table bandwidth, Table latency) { }

    public static Result run(Params p) { return run(p, Monitor.NONE); }

    public static Result run(Params p, Monitor monitor) {
        StringColumn bwMethod = StringColumn.create("method"), bwPlacement = StringColumn.create("placement");
        IntColumn chunk = IntColumn.create("chunk bytes");
        DoubleColumn mbMedian = DoubleColumn.create("MB/s median"), mbP10 = DoubleColumn.create("MB/s p10");
        StringColumn rtMethod = StringColumn.create("method"), rtPlacement = StringColumn.create("placement");
        DoubleColumn usMedian = DoubleColumn.create("round trip us median"), usP90 = DoubleColumn.create("round trip us p90");
        for (Placement placement : p.placements()) {
            for (Method m : p.methods()) {
                if (m.carriesBytes()) {
                    for (int size : p.sizes()) {
                        monitor.check("ipc compare");
                        double[] rates = PipeThroughput.rates(p.bytes(), Bandwidth.seconds(m, placement, size, p.bytes(), p.repetitions()));
                        bwMethod.append(m.label);
                        bwPlacement.append(placement.label);
                        chunk.append(size);
                        mbMedian.append(Stats.median(rates));
                        mbP10.append(Stats.percentile(rates, 10));
                        monitor.step();
                    }
                }
                monitor.check("ipc compare");
                double[] us = PipeLatency.micros(p.roundTrips(), RoundTrip.seconds(m, placement, p.roundTrips(), p.repetitions()));
                rtMethod.append(m.label);
                rtPlacement.append(placement.label);
                usMedian.append(Stats.median(us));
                usP90.append(Stats.percentile(us, 90));
                monitor.step();
            }
        }
        return new Result(Table.create("ipc bandwidth", bwMethod, bwPlacement, chunk, mbMedian, mbP10),
            Table.create("ipc round trip", rtMethod, rtPlacement, usMedian, usP90));
    }
}
