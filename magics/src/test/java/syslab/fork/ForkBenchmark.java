package syslab.fork;

import syslab.posix.LibC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Figures for the report, not a test: the cost of one ForkRunner run of an empty body per stdout
 * mode (target: under 30 ms), with the part spent waiting for the JVM to be quiet before fork, and
 * a JNA direct-mapped getpid against the same call from C (both loops of N calls).
 * Run: {@code mvn -q -pl magics test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}
 * then {@code java -cp magics/target/classes:magics/target/test-classes:$(cat magics/target/cp.txt) syslab.fork.ForkBenchmark}.
 */
public final class ForkBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ForkRunner runner = new ForkRunner();
        for (StdoutMode mode : StdoutMode.values()) {
            for (int i = 0; i < 20; i++) runner.run(mode, () -> { });
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                runner.run(mode, () -> { });
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            report("ForkRunner.run(" + mode + ", empty body)", ms);
        }
        double[] quiet = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            syslab.posix.JvmProcess.awaitOthersAsleep();
            quiet[i] = (System.nanoTime() - t) / 1e6;
        }
        report("  of which awaitOthersAsleep", quiet);

        long n = 10_000_000;
        for (int i = 0; i < 3; i++) javaGetpid(n);
        double java = javaGetpid(n);
        Path dir = Files.createTempDirectory("bench");
        Files.writeString(dir.resolve("getpid.c"), """
            #include <stdio.h>
            #include <stdlib.h>
            #include <time.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                long n = atol(argv[1]), sum = 0;
                struct timespec a, b;
                clock_gettime(CLOCK_MONOTONIC, &a);
                for (long i = 0; i < n; i++) sum += getpid();
                clock_gettime(CLOCK_MONOTONIC, &b);
                printf("%.1f %ld\\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n, sum);
                return 0;
            }
            """);
        run(dir, "gcc", "-O2", "-o", "getpid", "getpid.c");
        double c = Double.parseDouble(run(dir, "./getpid", String.valueOf(n)).split(" ")[0]);
        System.out.printf("getpid: JNA direct %.1f ns/call, C %.1f ns/call, ratio %.2f%n", java, c, java / c);
    }

    static double javaGetpid(long n) {
        long sum = 0, t = System.nanoTime();
        for (long i = 0; i < n; i++) sum += LibC.getpid();
        double ns = (double) (System.nanoTime() - t) / n;
        if (sum == 0) throw new IllegalStateException();
        return ns;
    }

    static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(out);
        return out.trim();
    }

    static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%-40s median %6.2f ms  p90 %6.2f ms  min %6.2f ms  mean %6.2f ms%n", what,
            s[s.length / 2], s[(int) (s.length * 0.9)], s[0], Arrays.stream(s).average().orElse(0));
    }
}
