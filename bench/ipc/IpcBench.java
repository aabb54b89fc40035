import syslab.experiments.ipc.IpcCompare;
import syslab.experiments.ipc.Method;
import syslab.experiments.ipc.PipeCapacity;
import syslab.experiments.ipc.PipeThroughput;
import syslab.experiments.ipc.Placement;
import syslab.experiments.proc.CreationCost;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * SysLab's IPC experiments (the Java API the %pipe and %ipc magics call) beside the same experiments
 * in C (ipc_bench.c), same parameters, in one run: for each figure, rounds alternate which side goes
 * first, and each side's figure is the median over the rounds. Run through bench/ipc/run.sh.
 *
 * Usage: java -cp kernel/target/syslab.jar bench/ipc/IpcBench.java C_BINARY [--rounds N]
 */
public class IpcBench {
    static final long BYTES = 32L << 20;
    static final int ROUND_TRIPS = 5000, REPETITIONS = 5, CHUNK = 65536;

    /** One figure: how to get it in Java and in C, and whether bigger is better (MB/s) or worse (us). */
    record Figure(String name, String unit, boolean higherIsBetter, String target, Supplier<Double> java, Supplier<Double> c) { }

    static String cBinary;

    public static void main(String[] args) throws Exception {
        cBinary = args[0];
        int rounds = args.length > 2 && args[1].equals("--rounds") ? Integer.parseInt(args[2]) : 3;
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("pipe capacity", "bytes", true, "= C",
            () -> (double) PipeCapacity.run(new PipeCapacity.Params(List.of())).longColumn("bytes until EAGAIN").getLong(0),
            () -> c("capacity").get("capacity_bytes")));
        for (int chunk : new int[] {64, 4096, 65536, 1 << 20}) {
            long bytes = chunk == 64 ? BYTES / 4 : BYTES;
            figures.add(new Figure("pipe throughput, " + chunk + " B chunks, one-cpu", "MB/s", true, chunk == CHUNK ? "<= 1.25x" : "",
                () -> PipeThroughput.run(new PipeThroughput.Params(List.of(chunk), bytes, REPETITIONS, Placement.ONE_CPU))
                    .doubleColumn("MB/s median").get(0),
                () -> c("compare", "pipe", "one-cpu", chunk, bytes, 0, REPETITIONS).get("bandwidth_mbps")));
        }
        for (Placement p : Placement.values()) {
            // free: where the scheduler puts the pair is part of the figure, and it places a JVM's
            // thread differently from a small C process, so no target there (see README.md)
            boolean placed = p != Placement.FREE;
            for (Method m : Method.values()) {
                if (m.carriesBytes()) {
                    figures.add(new Figure(m + " bandwidth, 64 KiB chunks, " + p, "MB/s", true, placed && m == Method.SHM ? "<= 1.25x" : "",
                        () -> compare(m, p, BYTES, 0).bandwidth().doubleColumn("MB/s median").get(0),
                        () -> c("compare", m, p, CHUNK, BYTES, 0, REPETITIONS).get("bandwidth_mbps")));
                }
                figures.add(new Figure(m + " round trip, " + p, "us", false, placed ? "<= 1.5x" : "",
                    () -> compare(m, p, 0, ROUND_TRIPS).latency().doubleColumn("round trip median µs").get(0),
                    () -> c("compare", m, p, CHUNK, 0, ROUND_TRIPS, REPETITIONS).get("round_trip_us")));
            }
        }
        figures.add(new Figure("fork + waitpid (JVM vs small C process)", "us", false, "(size, not fidelity)",
            () -> {
                try {
                    return CreationCost.run(new CreationCost.Params(100)).summary().doubleColumn("median µs").get(0);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            },
            () -> c("fork", 100).get("fork_wait_us")));

        System.out.println("load average before: " + loadavg());
        Table results = Table.create("SysLab (Java) vs C, IPC");
        List<String[]> rows = new ArrayList<>();
        for (Figure f : figures) {
            double[] java = new double[rounds], cs = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    cs[r] = f.c().get();
                    java[r] = f.java().get();
                } else {
                    java[r] = f.java().get();
                    cs[r] = f.c().get();
                }
            }
            double j = median(java), c = median(cs);
            double slowdown = f.higherIsBetter() ? c / j : j / c;
            rows.add(new String[] {f.name(), f.unit(), fmt(j), fmt(c), String.format(Locale.ROOT, "%.2fx", slowdown), f.target(),
                verdict(f.target(), slowdown)});
            System.err.printf(Locale.ROOT, "%-48s java %10s  c %10s  %.2fx%n", f.name(), fmt(j), fmt(c), slowdown);
        }
        System.out.println("load average after: " + loadavg());
        System.out.println();
        System.out.println("| figure | unit | Java | C | Java slower by | target | |");
        System.out.println("|---|---|---:|---:|---:|---|---|");
        for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
    }

    static IpcCompare.Result compare(Method m, Placement p, long bytes, int roundTrips) {
        // IpcCompare measures both figures; the one not wanted is made as small as it can be
        return IpcCompare.run(new IpcCompare.Params(List.of(m), List.of(CHUNK), bytes > 0 ? bytes : CHUNK,
            roundTrips > 0 ? roundTrips : 1, REPETITIONS, List.of(p), false));
    }

    /** Runs the C program; its output is "name value" lines. */
    static Map<String, Double> c(Object... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(cBinary);
        for (Object a : args) cmd.add(String.valueOf(a));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException(cmd + " failed");
            Map<String, Double> values = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                String[] kv = line.trim().split(" ");
                if (kv.length == 2) values.put(kv[0], Double.parseDouble(kv[1]));
            }
            return values;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static double median(double[] v) { return DoubleColumn.create("v", v).median(); }

    static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String verdict(String target, double slowdown) {
        if (target.startsWith("<= ")) return slowdown <= Double.parseDouble(target.substring(3, target.length() - 1)) ? "ok" : "MISSED";
        if (target.equals("= C")) return Math.abs(slowdown - 1) < 1e-9 ? "ok" : "MISSED";
        return "";
    }

    static String loadavg() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
