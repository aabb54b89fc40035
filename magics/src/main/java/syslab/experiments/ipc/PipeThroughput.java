package syslab.experiments.ipc;

import syslab.experiments.common.Columns;
import syslab.experiments.common.Monitor;
import syslab.experiments.common.Param;
import syslab.experiments.common.Percentiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * Pipe bandwidth against the size of each write: the parent writes, a forked child reads with
 * the same size, from native buffers (JNA {@code Memory}). Small writes pay a system call and a
 * wakeup per chunk; from about a page up, copying dominates.
 */
public final class PipeThroughput {
    private PipeThroughput() { }

    /** Write (and read) sizes, bytes sent per repetition, repetitions timed after an untimed one. */
    public record Params(
            @Param(value = "Write and read sizes", label = "BYTES", min = 1, max = Limits.CHUNK, bytes = true) List<Integer> chunks,
            @Param(value = "Bytes per repetition", label = "BYTES", min = 1, max = Limits.BYTES, bytes = true) long bytes,
            @Param(value = "Timed repetitions per chunk size", names = {"-r", "--repetitions"}, min = 1, max = Limits.REPETITIONS)
            int repetitions,
            @Param(value = "Where the writer and the reader run") Placement placement) {
        public Params {
            chunks = List.copyOf(chunks);
        }

        public static Params defaults() {
            return new Params(List.of(64, 4096, 65536, 1 << 20), 256L << 20, 5, Placement.FREE);
        }

        /** Measurements a run makes: one per chunk size. */
        public int steps() { return chunks.size(); }
    }

    public static Table run(Params p) { return run(p, Monitor.THREAD); }

    public static Table run(Params p, Monitor monitor) {
        IntColumn chunk = IntColumn.create("chunk bytes");
        DoubleColumn median = Columns.fixed("MB/s median", 0), p10 = Columns.fixed("MB/s p10", 0);
        for (int c : p.chunks()) {
            monitor.check();
            double[] rates = rates(p.bytes(), Bandwidth.seconds(Method.PIPE, p.placement(), c, p.bytes(), p.repetitions(), monitor));
            chunk.append(c);
            median.append(Percentiles.median(rates));
            p10.append(Percentiles.of(rates, 10));
            monitor.step();
        }
        return Table.create("pipe throughput", chunk, median, p10);
    }

    /** MB/s (10^6 bytes a second) of each repetition. */
    static double[] rates(long bytes, double[] seconds) {
        double[] r = new double[seconds.length];
        for (int i = 0; i < r.length; i++) r[i] = bytes / seconds[i] / 1e6;
        return r;
    }
}
