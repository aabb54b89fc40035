import syslab.experiments.io.EpollCompare;
import syslab.experiments.io.EpollServer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * SysLab's IO figures beside the same experiments written in C, measured in one run on this
 * machine: the cost of one wait call (EpollCompare vs wait_cost.c) and echo throughput and latency
 * (EpollServer vs echo.c). Each pair is run REPS times, alternating C and SysLab so that load from
 * elsewhere falls on both, and the median of the runs is reported.
 *
 * Run by run.sh: java -cp kernel/target/syslab.jar bench/epoll/EpollBench.java BIN_DIR
 */
public class EpollBench {
    static final int REPS = 3, ROUNDS = 200;
    static final double SECONDS = 0.5;
    static final int PAYLOAD = 64;

    public static void main(String[] args) throws Exception {
        Path bin = Path.of(args[0]);
        Table t = Table.create("SysLab vs C on this machine (median of " + REPS + " alternating runs)",
            StringColumn.create("experiment"), StringColumn.create("method"), IntColumn.create("n"),
            StringColumn.create("figure"), DoubleColumn.create("C"), DoubleColumn.create("SysLab"),
            DoubleColumn.create("slowdown"), StringColumn.create("target"));
        for (String c : List.of("C", "SysLab", "slowdown")) t.doubleColumn(c).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));

        for (EpollCompare.WaitCall m : EpollCompare.WaitCall.values()) {
            for (int idle : List.of(10, 100, 1000, 10000)) {
                double[] c = new double[REPS], j = new double[REPS];
                boolean refused = false;
                for (int r = 0; r < REPS; r++) {
                    String out = run(bin.resolve("wait_cost").toString(), m.label(), String.valueOf(idle), String.valueOf(ROUNDS));
                    refused |= out.startsWith("refused");
                    c[r] = refused ? Double.NaN : Double.parseDouble(out.split(" ")[0]);
                    Table s = EpollCompare.run(new EpollCompare.Params(List.of(idle), 1, ROUNDS, List.of(m), EpollCompare.ReadyAt.LAST, false));
                    j[r] = s.doubleColumn("median µs").getDouble(0);
                }
                boolean target = m != EpollCompare.WaitCall.SELECT && idle >= 1000;
                row(t, "wait call", m.label(), idle, "median µs", median(c), median(j), target ? "<= 1.5" : "");
            }
        }
        for (EpollServer.Model m : List.of(EpollServer.Model.EPOLL_ET, EpollServer.Model.EPOLL_LT)) {
            for (int clients : List.of(1, 10, 100)) {
                double[][] c = new double[3][REPS], j = new double[3][REPS];
                for (int r = 0; r < REPS; r++) {
                    String[] out = run(bin.resolve("echo").toString(), m.label(), String.valueOf(clients),
                        String.valueOf(SECONDS), String.valueOf(PAYLOAD)).split(" ");
                    Table s = EpollServer.run(new EpollServer.Params(List.of(m), List.of(clients), SECONDS, PAYLOAD));
                    for (int f = 0; f < 3; f++) c[f][r] = Double.parseDouble(out[f]);
                    j[0][r] = s.doubleColumn("req/s").getDouble(0);
                    j[1][r] = s.doubleColumn("p50 µs").getDouble(0);
                    j[2][r] = s.doubleColumn("p99 µs").getDouble(0);
                }
                row(t, "echo", m.label(), clients, "req/s", median(c[0]), median(j[0]),
                    m == EpollServer.Model.EPOLL_ET && clients == 100 ? "<= 1.5" : "");
                row(t, "echo", m.label(), clients, "p50 µs", median(c[1]), median(j[1]), "");
                row(t, "echo", m.label(), clients, "p99 µs", median(c[2]), median(j[2]), "");
            }
        }
        long t0 = System.nanoTime();
        EpollCompare.run(EpollCompare.Params.defaults());
        double sweep = (System.nanoTime() - t0) / 1e9;
        System.out.println(t.printAll());
        System.out.printf(Locale.ROOT, "%nfull %%epoll compare, default sweep (%s idle fds, %d rounds): %.1f s (target < 20 s)%n",
            EpollCompare.Params.defaults().fds(), EpollCompare.Params.defaults().rounds(), sweep);
    }

    static void row(Table t, String experiment, String method, int n, String figure, double c, double syslab, String target) {
        t.stringColumn("experiment").append(experiment);
        t.stringColumn("method").append(method);
        t.intColumn("n").append(n);
        t.stringColumn("figure").append(figure);
        t.doubleColumn("C").append(c);
        t.doubleColumn("SysLab").append(syslab);
        // how many times slower SysLab is: a time ratio, or the inverse ratio of throughputs
        t.doubleColumn("slowdown").append(figure.equals("req/s") ? c / syslab : syslab / c);
        t.stringColumn("target").append(target);
    }

    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s[(s.length - 1) / 2];
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        return out;
    }
}
