package syslab.experiments.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syslab.experiments.common.Columns;
import syslab.experiments.common.Monitor;
import syslab.posix.LibC;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every method moves its bytes and answers its round trips, and leaves no fd or child behind. */
class TransfersTest {
    @ParameterizedTest
    @EnumSource(Method.class)
    void roundTripsComeBack(Method m) {
        Leaks leaks = new Leaks();
        for (Placement p : Placement.values()) {
            double[] s = RoundTrip.seconds(m, p, 50, 2, Monitor.NONE);
            assertEquals(2, s.length);
            for (double v : s) assertTrue(v > 0, m + " " + p + ": " + v);
        }
        leaks.check();
    }

    /** A size that is not a multiple of the chunk: the last chunk is short, and every byte still arrives. */
    @ParameterizedTest
    @EnumSource(value = Method.class, mode = EnumSource.Mode.EXCLUDE, names = "SIGNAL")
    void bandwidthMovesEveryByte(Method m) {
        Leaks leaks = new Leaks();
        double[] s = Bandwidth.seconds(m, Placement.FREE, 4096, 1_000_000, 2, Monitor.NONE);
        for (double v : s) assertTrue(v > 0);
        leaks.check();
    }

    @Test
    void signalsCarryNoBytes() {
        assertThrows(IllegalArgumentException.class, () -> Bandwidth.seconds(Method.SIGNAL, Placement.FREE, 1, 1, 1, Monitor.NONE));
    }

    /** An interrupted comparison stops at the next measurement, children gone and fds closed. */
    @Test
    void interruptStopsCleanly() {
        Leaks leaks = new Leaks();
        AtomicInteger steps = new AtomicInteger();
        Monitor stopAfterTwo = new Monitor() {
            @Override
            public void step() { steps.incrementAndGet(); }

            @Override
            public boolean stopped() { return steps.get() >= 2; }

            @Override
            public void check() {
                if (stopped()) throw new CancellationException("ipc compare: interrupted");
            }
        };
        IpcCompare.Params p = new IpcCompare.Params(Method.all(), List.of(4096), 1 << 16, 20, 1, List.of(Placement.FREE), false);
        CancellationException e = assertThrows(CancellationException.class, () -> IpcCompare.run(p, stopAfterTwo));
        assertEquals("ipc compare: interrupted", e.getMessage());
        assertEquals(2, steps.get());
        leaks.check();
    }

    @Test
    void compareTables() {
        IpcCompare.Params p = new IpcCompare.Params(List.of(Method.PIPE, Method.SIGNAL), List.of(4096, 65536), 1 << 18, 20, 2,
            List.of(Placement.ONE_CPU, Placement.FREE), false);
        assertEquals(2 * 2 + 2 * 2, p.steps());
        IpcCompare.Result r = IpcCompare.run(p);
        assertEquals(List.of("pipe", "pipe", "pipe", "pipe"), r.bandwidth().stringColumn("method").asList(), "no bandwidth for signal");
        assertEquals(List.of("one-cpu", "one-cpu", "free", "free"), r.bandwidth().stringColumn("placement").asList());
        assertEquals(List.of(4096, 65536, 4096, 65536), r.bandwidth().intColumn("chunk bytes").asList());
        assertEquals(List.of("pipe", "signal", "pipe", "signal"), r.latency().stringColumn("method").asList());
        for (double v : r.latency().doubleColumn("round trip median µs").asDoubleArray()) assertTrue(v > 0);
    }

    /** --with-c: ipc_bench.c makes the same measurements; its columns are positive and the ratio is Java's median over C's. */
    @Test
    void compareWithCAddsTheCProgramsFigures() {
        Leaks leaks = new Leaks();
        IpcCompare.Params p = new IpcCompare.Params(List.of(Method.PIPE, Method.SHM, Method.SIGNAL), List.of(65536), 1 << 20, 200, 2,
            List.of(Placement.ONE_CPU), true);
        IpcCompare.Result r = IpcCompare.run(p);
        String cMbps = Columns.inC("MB/s median"), cUs = Columns.inC("round trip median µs");
        assertEquals(List.of("method", "placement", "chunk bytes", "MB/s median", "MB/s p10", cMbps, Columns.JAVA_OVER_C),
            r.bandwidth().columnNames());
        assertEquals(List.of("method", "placement", "round trip median µs", "round trip p90 µs", cUs, Columns.JAVA_OVER_C),
            r.latency().columnNames());
        assertEquals(List.of("pipe", "shm"), r.bandwidth().stringColumn("method").asList());
        assertEquals(List.of("pipe", "shm", "signal"), r.latency().stringColumn("method").asList());
        for (var figures : List.of(List.of(r.bandwidth(), "MB/s median", cMbps), List.of(r.latency(), "round trip median µs", cUs))) {
            tech.tablesaw.api.Table t = (tech.tablesaw.api.Table) figures.get(0);
            for (int i = 0; i < t.rowCount(); i++) {
                double java = t.doubleColumn((String) figures.get(1)).getDouble(i), c = t.doubleColumn((String) figures.get(2)).getDouble(i);
                assertTrue(java > 0 && c > 0, t.print());
                assertEquals(java / c, t.doubleColumn(Columns.JAVA_OVER_C).getDouble(i), 1e-12, t.print());
            }
        }
        leaks.check();
    }

    /** An interrupt during one long measurement (hours of it) ends it at once, whatever the method. */
    @ParameterizedTest
    @EnumSource(Method.class)
    void interruptEndsALongMeasurement(Method m) throws Exception {
        Leaks leaks = new Leaks();
        AtomicBoolean interrupted = new AtomicBoolean();
        Monitor monitor = Monitor.of("ipc compare", null, interrupted::get);
        Thread interrupter = new Thread(() -> {
            LibC.usleep(300_000);
            interrupted.set(true);
        });
        interrupter.start();
        long t0 = System.nanoTime();
        // each would take minutes
        CancellationException e = assertThrows(CancellationException.class, () -> {
            if (m.carriesBytes()) Bandwidth.seconds(m, Placement.FREE, 64, 64L << 30, 1, monitor);
            else RoundTrip.seconds(m, Placement.FREE, 100_000_000, 1, monitor);
        });
        interrupter.join();
        assertEquals("ipc compare: interrupted", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "stopped " + (System.nanoTime() - t0) / 1e6 + " ms after the start");
        leaks.check();
    }

    /** Without a monitor, as a notebook cell calls it, an experiment stops when its thread is interrupted. */
    @Test
    void runWithoutAMonitorStopsOnTheThreadsInterrupt() throws Exception {
        Leaks leaks = new Leaks();
        PipeThroughput.Params hours = new PipeThroughput.Params(List.of(64), 1L << 40, 1, Placement.FREE);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            try {
                PipeThroughput.run(hours);
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        long t0 = System.nanoTime();
        cell.start();
        Thread.sleep(300);
        cell.interrupt();
        cell.join(10_000);
        assertFalse(cell.isAlive(), "still running 10 s after the interrupt");
        assertTrue(ended.get() instanceof CancellationException, String.valueOf(ended.get()));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        leaks.check();
    }
}
