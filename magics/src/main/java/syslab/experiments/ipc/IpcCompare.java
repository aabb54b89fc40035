package syslab.experiments.ipc;

import syslab.experiments.common.Columns;
import syslab.experiments.common.Monitor;
import syslab.experiments.common.Param;
import syslab.experiments.common.Percentiles;
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
 *
 * <p>With {@code withC}, ipc_bench.c ({@link IpcBenchC}) makes each measurement too, right after
 * Java: its columns are the kernel's cost, and the ratio Java / C what the JVM's path adds.
 */
public final class IpcCompare {
    private IpcCompare() { }

    /** Bandwidth with chunks of {@code sizes}; latency over {@code roundTrips}; each repeated after an untimed run. */
    public record Params(
            @Param(value = "IPC methods", label = "M") List<Method> methods,
            @Param(value = "Chunk sizes for bandwidth", label = "BYTES", min = 1, max = Limits.CHUNK, bytes = true) List<Integer> sizes,
            @Param(value = "Bytes per bandwidth repetition", label = "BYTES", min = 1, max = Limits.BYTES, bytes = true) long bytes,
            @Param(value = "Round trips per latency repetition", label = "N", min = 1, max = Limits.ROUND_TRIPS) int roundTrips,
            @Param(value = "Timed repetitions of each measurement", names = {"-r", "--repetitions"}, min = 1, max = Limits.REPETITIONS)
            int repetitions,
            @Param("Where the two processes run") List<Placement> placements,
            @Param("Also make each measurement in C (compiled with gcc, once), for the kernel's cost beside the JVM's")
            boolean withC) {
        public Params {
            methods = List.copyOf(methods);
            sizes = List.copyOf(sizes);
            placements = List.copyOf(placements);
        }

        public static Params defaults() {
            return new Params(Method.all(), List.of(65536), 64L << 20, 10_000, 5, List.of(Placement.ONE_CPU, Placement.FREE), false);
        }

        /** Measurements made, for a progress bar. */
        public int steps() {
            int bandwidth = (int) methods.stream().filter(Method::carriesBytes).count() * sizes.size();
            return (bandwidth + methods.size()) * placements.size();
        }
    }

    public record Result(Table bandwidth, Table latency) { }

    public static Result run(Params p) { return run(p, Monitor.THREAD); }

    public static Result run(Params p, Monitor monitor) {
        IpcBenchC inC = p.withC() ? new IpcBenchC() : null;  // compiled first: a missing gcc fails before the sweep
        StringColumn bwMethod = StringColumn.create("method"), bwPlacement = StringColumn.create("placement");
        IntColumn chunk = IntColumn.create("chunk bytes");
        DoubleColumn mbMedian = Columns.fixed("MB/s median", 0), mbP10 = Columns.fixed("MB/s p10", 0);
        StringColumn rtMethod = StringColumn.create("method"), rtPlacement = StringColumn.create("placement");
        DoubleColumn usMedian = Columns.fixed("round trip median µs", 2), usP90 = Columns.fixed("round trip p90 µs", 2);
        DoubleColumn mbC = Columns.fixed(Columns.inC("MB/s median"), 0), mbRatio = Columns.fixed(Columns.JAVA_OVER_C, 2);
        DoubleColumn usC = Columns.fixed(Columns.inC("round trip median µs"), 2), usRatio = Columns.fixed(Columns.JAVA_OVER_C, 2);
        for (Placement placement : p.placements()) {
            for (Method m : p.methods()) {
                if (m.carriesBytes()) {
                    for (int size : p.sizes()) {
                        monitor.check();
                        double[] rates = PipeThroughput.rates(p.bytes(), Bandwidth.seconds(m, placement, size, p.bytes(), p.repetitions(), monitor));
                        bwMethod.append(m.label());
                        bwPlacement.append(placement.label());
                        chunk.append(size);
                        double median = Percentiles.median(rates);
                        mbMedian.append(median);
                        mbP10.append(Percentiles.of(rates, 10));
                        if (inC != null) {
                            double c = inC.megabytesPerSecond(m, placement, size, p.bytes(), p.repetitions(), monitor);
                            mbC.append(c);
                            mbRatio.append(median / c);
                        }
                        monitor.step();
                    }
                }
                monitor.check();
                double[] us = PipeLatency.micros(p.roundTrips(), RoundTrip.seconds(m, placement, p.roundTrips(), p.repetitions(), monitor));
                rtMethod.append(m.label());
                rtPlacement.append(placement.label());
                double median = Percentiles.median(us);
                usMedian.append(median);
                usP90.append(Percentiles.of(us, 90));
                if (inC != null) {
                    double c = inC.roundTripMicros(m, placement, p.roundTrips(), p.repetitions(), monitor);
                    usC.append(c);
                    usRatio.append(median / c);
                }
                monitor.step();
            }
        }
        Table bandwidth = Table.create("ipc bandwidth", bwMethod, bwPlacement, chunk, mbMedian, mbP10);
        Table latency = Table.create("ipc round trip", rtMethod, rtPlacement, usMedian, usP90);
        if (inC != null) {
            bandwidth.addColumns(mbC, mbRatio);
            latency.addColumns(usC, usRatio);
        }
        return new Result(bandwidth, latency);
    }
}
