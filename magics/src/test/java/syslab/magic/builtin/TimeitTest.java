package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import tech.tablesaw.api.Table;

class TimeitTest {
    private final TestMagicContext context = new TestMagicContext();
    private final AtomicLong calls = new AtomicLong();

    private Object timeit(String args, String body) throws Exception {
        return MagicRunner.run(new Timeit(), args, body, context);
    }

    @Test
    void picksTheLoopCountSoARunTakesAtLeastAFifthOfASecond() throws Exception {
        context.define("Thread.sleep(30);", () -> {
            calls.incrementAndGet();
            sleep(30);
        });
        Table runs;
        try (OutputCapture output = new OutputCapture()) {
            runs = (Table) timeit("-r 3 -o Thread.sleep(30);", null);
            assertTrue(output.out().matches("(?s).* per loop \\(mean ± std\\. dev\\. of 3 runs, \\d+ loops? each\\), best .*\n"),
                    output.out());
        }
        assertEquals(3, runs.rowCount());
        long n = runs.longColumn("loops").get(0);
        // 10 loops of >= 30 ms always pass 0.2 s, so calibration stops at 10 at the latest
        assertTrue(List.of(1L, 2L, 5L, 10L).contains(n), "N = " + n);
        long calibration = List.of(1L, 2L, 5L, 10L).stream().filter(k -> k <= n).mapToLong(k -> k).sum();
        assertEquals(calibration + 3 * n, calls.get());
        for (double perLoop : runs.doubleColumn("seconds per loop")) {
            assertTrue(perLoop >= 0.030, "a loop sleeps 30 ms, measured " + perLoop);
        }
    }

    @Test
    void givenLoopsAndRunsAreUsedAfterOneWarmUpRun() throws Exception {
        context.define("x++", calls::incrementAndGet);
        try (OutputCapture output = new OutputCapture()) {
            assertNull(timeit("-n 1000 -r 4 x++", null));
            assertTrue(output.out().contains("(mean ± std. dev. of 4 runs, 1,000 loops each)"), output.out());
        }
        assertEquals(1000 + 4 * 1000, calls.get());
    }

    @Test
    void cellFormTimesTheBodyAndRunsTheSetupBeforeEachRun() throws Exception {
        AtomicLong setups = new AtomicLong();
        context.define("int[] a = new int[9];", setups::incrementAndGet);
        context.define("a[0]++;\n", calls::incrementAndGet);
        try (OutputCapture output = new OutputCapture()) {
            timeit("-q -n 10 -r 2 int[] a = new int[9];", "a[0]++;\n");
            assertEquals("", output.out());
        }
        assertEquals(3, setups.get());
        assertEquals(30, calls.get());
    }

    @Test
    void stopsBetweenRunsWhenInterrupted() {
        context.define("spin()", () -> {
            if (calls.incrementAndGet() == 5) {
                context.interrupt();
            }
        });
        MagicException e = assertThrows(MagicException.class, () -> timeit("-n 2 -r 100 spin()", null));
        assertEquals("timeit: interrupted", e.getMessage());
        assertEquals(6, calls.get());  // warm-up 2, runs of 2 until the check after the run that interrupted
    }

    @Test
    void refusesCountsOutOfRangeBeforeCompilingAnything() {
        MagicException e = assertThrows(MagicException.class, () -> timeit("-r 2000000000 spin()", null));
        assertEquals("timeit: -r must be between 1 and 1000, got 2000000000", e.getMessage());
        e = assertThrows(MagicException.class, () -> timeit("-n 0 spin()", null));
        assertEquals("timeit: -n must be between 1 and 2000000000, got 0", e.getMessage());
        assertEquals(0, calls.get());
    }

    @Test
    void reportsLikeIPython() {
        assertEquals("1 µs ± 0 ns per loop (mean ± std. dev. of 3 runs, 1,000 loops each), best 1 µs",
                Timeit.report(new double[] {1e-6, 1e-6, 1e-6}, 1000));
        assertEquals("The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate"
                + " result is being cached.\n3 ms ± 2 ms per loop (mean ± std. dev. of 2 runs, 1 loop each), best 1 ms",
                Timeit.report(new double[] {5e-3, 1e-3}, 1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
