package syslab.experiments.locks;

import org.junit.jupiter.api.Test;
import syslab.display.Display;
import syslab.display.Progress;
import syslab.experiments.common.Monitor;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockCostTest {
    @Test
    void oneRowPerLockThreadCountAndCriticalSection() throws InterruptedException {
        LockCost.Params p = new LockCost.Params(List.of(LockCost.Kind.values()), List.of(1, 2), List.of(0.0, 1.0),
            0, Duration.ofMillis(20), 1);
        Progress bar = new Progress(Display.NONE, "lock cost", p.steps());
        Table t = LockCost.run(p, Monitor.of("lock cost", bar));
        assertEquals(16, p.steps());
        assertEquals(16, t.rowCount());
        assertEquals(16, bar.count());
        assertTrue(t.longColumn("acquisitions").min() > 0);
        assertEquals(Runtime.getRuntime().availableProcessors(), t.intColumn("cpus").get(0));
        assertEquals("Java spin (AtomicBoolean)", t.stringColumn("lock").get(0));
    }

    @Test
    void oneCpuMeansOne() throws InterruptedException {
        Table t = LockCost.run(new LockCost.Params(List.of(LockCost.Kind.PTHREAD_SPIN), List.of(2), List.of(0.5),
            1, Duration.ofMillis(20), 2));
        assertEquals(1, t.intColumn("cpus").get(0));
        assertTrue(t.doubleColumn("ns per acquisition (p90)").get(0) >= t.doubleColumn("ns per acquisition").get(0));
    }

    @Test
    void badParamsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LockCost.Params(List.of(), List.of(), List.of(), 2, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new LockCost.Params(List.of(), List.of(), List.of(), 0, Duration.ZERO, 0));
    }
}
