package syslab.experiments.locks;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlocksTest {
    /** Every thread waits for a lock that another thread of the table holds: a cycle. */
    static void assertCycle(Table t) {
        Set<String> held = new HashSet<>(t.stringColumn("holds").asList());
        Set<String> threads = new HashSet<>(t.stringColumn("thread").asList());
        for (int r = 0; r < t.rowCount(); r++) {
            assertTrue(held.contains(t.stringColumn("waits for").get(r)), "row " + r + " waits for a held lock");
            assertTrue(threads.contains(t.stringColumn("held by").get(r)), "row " + r + " waits for a deadlocked thread");
            assertFalse(t.stringColumn("held by").get(r).equals(t.stringColumn("thread").get(r)));
        }
    }

    @Test
    void abbaIsDetectedAndBroken() throws InterruptedException {
        AbbaDeadlock.Result r = AbbaDeadlock.run(Duration.ofSeconds(10));
        Table cycle = r.cycle().orElseThrow();
        assertEquals(2, cycle.rowCount());
        assertCycle(cycle);
        assertEquals(List.of("B-then-A: interrupted while waiting, gave up and released its lock",
            "A-then-B: got both locks and finished"), r.outcomes());
    }

    @Test
    void philosophersTakingTheLeftForkFirstDeadlock() throws InterruptedException {
        DiningPhilosophers.Result r = DiningPhilosophers.run(
            new DiningPhilosophers.Params(5, false, Duration.ofSeconds(10), Duration.ofMillis(50)));
        Table cycle = r.deadlock().orElseThrow();
        assertEquals(5, cycle.rowCount(), "all five wait in a ring");
        assertCycle(cycle);
    }

    @Test
    void philosophersWithALockOrderNeverDeadlockAndAllEat() throws InterruptedException {
        DiningPhilosophers.Result r = DiningPhilosophers.run(
            new DiningPhilosophers.Params(5, true, Duration.ofMillis(300), Duration.ofMillis(1)));
        assertTrue(r.deadlock().isEmpty());
        assertEquals(5, r.meals().rowCount());
        assertTrue(r.meals().longColumn("meals").min() >= 1, r.meals().print());
    }

    @Test
    void noDeadlockIsReportedAmongThreadsThatAreNotStuck() {
        assertTrue(DeadlockDetector.find(List.of(Thread.currentThread())).isEmpty());
    }
}
