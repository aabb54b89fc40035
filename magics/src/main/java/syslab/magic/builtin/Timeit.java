package syslab.magic.builtin;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.magic.Bounds;
import syslab.magic.CodeMagic;
import syslab.magic.MagicException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * {@code %timeit STATEMENT} and {@code %%timeit [SETUP]}: IPython's timeit for Java code. The code
 * is compiled once; R runs of N loops each are timed with System.nanoTime.
 */
@Command(name = "timeit", mixinStandardHelpOptions = true,
        description = {
            "Times Java code: %%timeit STATEMENT times the statement; in %%%%timeit the cell is timed "
                + "and code on the first line is setup, run before each run and not timed.",
            "The code is compiled once. Unless -n is given, N is found by running 1, 2, 5, 10, 20, 50 ... "
                + "loops until one run takes at least 0.2 s; these calibration runs (with -n: one untimed run) "
                + "warm the JIT up. Then R runs of N loops are timed, and the time per loop is reported as "
                + "mean ± standard deviation over the runs, with the best run.",
            "A result the code computes but never stores may be optimised away by the JIT: assign it to a "
                + "variable. An interrupt stops the code at once."})
public class Timeit extends CodeMagic {
    private static final double MIN_RUN_SECONDS = 0.2;
    static final long MAX_LOOPS = 2_000_000_000L;
    static final int MAX_RUNS = 1000;

    @Option(names = "-n", paramLabel = "N", description = "Loops per run, 1 to 2000000000 (default: chosen so a run takes >= 0.2 s).")
    Integer loops;

    @Option(names = "-r", paramLabel = "R", defaultValue = "7", description = "Runs, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "-o", description = "Return a table of the time per loop of every run.")
    boolean table;

    @Option(names = "-q", description = "Quiet: print nothing (use with -o).")
    boolean quiet;

    // Declared so picocli accepts and documents the code; MagicRunner passes its exact text in code.
    @Parameters(paramLabel = "STATEMENT", arity = "0..*",
            description = "The Java code to time (line form) or the setup code (cell form).")
    List<String> words;

    @Override
    public Object call() throws Exception {
        Bounds.check("timeit", "-r", runs, 1, MAX_RUNS);
        if (loops != null) Bounds.check("timeit", "-n", loops, 1, MAX_LOOPS);
        String timed = body == null ? code : body;
        if (timed.isBlank()) {
            throw new MagicException("timeit: nothing to time: write %timeit STATEMENT or %%timeit with a cell body");
        }
        // setup first: the timed code may use what the setup declares
        Runnable setup = body == null || code.isBlank() ? () -> { } : context.compile(code);
        Runnable statement = context.compile(timed);
        long n = loops != null ? loops : calibrate(setup, statement);
        if (loops != null) {
            timed(setup, statement, n);  // warm-up, as calibration is when N is chosen
        }
        double[] perLoop = new double[runs];
        for (int i = 0; i < runs; i++) {
            checkInterrupt();
            perLoop[i] = timed(setup, statement, n) / n;
        }
        if (!quiet) {
            System.out.println(report(perLoop, n));
        }
        return table ? table(timed, perLoop, n) : null;
    }

    /** The first N of 1, 2, 5, 10, 20, 50 ... for which one run takes at least 0.2 s. */
    private long calibrate(Runnable setup, Runnable statement) {
        for (long decade = 1; ; decade *= 10) {
            for (long step : new long[] {1, 2, 5}) {
                checkInterrupt();
                // the cap ends the search when the JIT has reduced the statement to nothing
                if (timed(setup, statement, decade * step) >= MIN_RUN_SECONDS || decade * step >= 1_000_000_000L) {
                    return decade * step;
                }
            }
        }
    }

    /** {@link #run}, stoppable as a whole by an interrupt: the loop itself holds nothing to clean up. */
    private double timed(Runnable setup, Runnable statement, long n) {
        double[] seconds = new double[1];
        context.stoppable(() -> seconds[0] = run(setup, statement, n));
        return seconds[0];
    }

    /** Seconds taken by {@code n} loops of the statement, after the untimed setup. */
    private static double run(Runnable setup, Runnable statement, long n) {
        setup.run();
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            statement.run();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void checkInterrupt() {
        if (context.interrupted()) {
            throw new MagicException("timeit: interrupted");
        }
    }

    /** IPython's line, "1.2 µs ± 3 ns per loop (mean ± std. dev. of 7 runs, 100,000 loops each)", and the best run. */
    static String report(double[] perLoop, long n) {
        double mean = 0;
        double best = Double.MAX_VALUE;
        double worst = 0;
        for (double t : perLoop) {
            mean += t / perLoop.length;
            best = Math.min(best, t);
            worst = Math.max(worst, t);
        }
        double variance = 0;
        for (double t : perLoop) {
            variance += (t - mean) * (t - mean) / perLoop.length;
        }
        int r = perLoop.length;
        String line = String.format(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d run%s, %,d loop%s each), best %s",
                Durations.format(mean), Durations.format(Math.sqrt(variance)), r, r == 1 ? "" : "s",
                n, n == 1 ? "" : "s", Durations.format(best));
        if (worst > 4 * best && best > 0 && worst > 1e-6) {
            // IPython's warning: a first run much slower than the rest usually means caching or JIT
            line = String.format(Locale.ROOT, "The slowest run took %.2f times longer than the fastest. This could mean that an"
                    + " intermediate result is being cached.%n", worst / best) + line;
        }
        return line;
    }

    private static Table table(String code, double[] perLoop, long n) {
        IntColumn run = IntColumn.create("run");
        LongColumn loopsColumn = LongColumn.create("loops");
        DoubleColumn seconds = DoubleColumn.create("seconds per loop", perLoop);
        for (int i = 0; i < perLoop.length; i++) {
            run.append(i + 1);
            loopsColumn.append(n);
        }
        return Table.create("timeit " + code.strip(), run, loopsColumn, seconds);
    }
}
