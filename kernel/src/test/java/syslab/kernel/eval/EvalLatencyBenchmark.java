package syslab.kernel.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Measures what a kernel user waits for: building the evaluator, warming it up, a trivial cell,
 * and how long an interrupt takes to stop a busy loop. A benchmark, not a test: it prints figures.
 * Run with the kernel's test class path: {@code java -cp ... syslab.kernel.eval.EvalLatencyBenchmark}.
 */
public final class EvalLatencyBenchmark {

    private static final List<String> IMPORTS = List.of(
            "import java.util.*;", "import java.util.stream.*;", "import java.io.*;", "import java.nio.file.*;");

    public static void main(String[] args) throws Exception {
        int cells = args.length > 0 ? Integer.parseInt(args[0]) : 300;

        long t0 = System.nanoTime();
        JavaEvaluator ev = new JavaEvaluator(IMPORTS, List.of());
        long built = System.nanoTime();
        ev.warmUp();
        long warm = System.nanoTime();
        ev.eval("1+1");
        long first = System.nanoTime();
        System.out.printf("construct %.1f ms, warmUp %.0f ms, first 1+1 after warmUp %.1f ms%n",
                ms(built - t0), ms(warm - built), ms(first - warm));

        report("eval(\"1+1\")", time(cells, () -> ev.eval("1+1")));
        report("eval(\"int v = 3; v * 2\")", time(cells / 3, () -> ev.eval("int v = 3; v * 2")));
        report("complete(\"Str\")", time(cells / 3, () -> ev.complete("Str", 3)));

        double[] stops = new double[10];
        for (int i = 0; i < stops.length; i++) {
            Thread cell = new Thread(() -> ev.eval("while (true) { }"));
            cell.start();
            while (Arrays.stream(ev.executionThread().getStackTrace())
                    .noneMatch(f -> f.getClassName().startsWith("REPL."))) {
                Thread.sleep(1);
            }
            long s = System.nanoTime();
            ev.interrupt();
            cell.join();
            stops[i] = ms(System.nanoTime() - s);
        }
        report("interrupt busy loop until eval returns", stops);
        ev.close();
    }

    private static double[] time(int n, Runnable action) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            action.run();
            ms[i] = ms(System.nanoTime() - s);
        }
        return ms;
    }

    private static void report(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s n=%d p50 %.2f ms, p90 %.2f ms, max %.2f ms%n", what, sorted.length,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1]);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
