package syslab.experiments.io;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;
import syslab.posix.LibC;
import syslab.procfs.ProcStat;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildGroupTest {
    private static final Duration SETTLE = Duration.ofSeconds(5);

    /** One group: every child in it, and close kills and reaps them all. */
    @Test
    void childrenShareOneGroupThatCloseEnds() {
        int[] pids;
        try (ChildGroup children = new ChildGroup()) {
            children.fork(children::holdUntilKilled);
            children.fork(children::holdUntilKilled);
            pids = children.pids().stream().mapToInt(Integer::intValue).toArray();
            assertEquals(children.pgid(), pids[0], "the first child leads the group");
            for (int pid : pids) {
                assertEquals('S', ProcStat.await(pid, 'S', SETTLE));
                assertEquals(children.pgid(), LibC.getpgid(pid));
            }
            assertFalse(children.anyStuckInJvm(), "blocked in read(2) on the lifeline is not stuck");
        }
        for (int pid : pids) assertEquals('-', ProcStat.state(pid), "killed and reaped");
    }

    /**
     * A child waiting for good on a process-private futex (as on a lock a JVM thread held at the
     * fork) is stuck: a private semaphore at 0 makes that wait.
     */
    @Test
    void aChildThatCanNeverGoOnIsStuck() {
        Memory sem = new Memory(64);
        try (ChildGroup children = new ChildGroup()) {
            int pid = children.fork(() -> {
                LibC.sem_init(sem, 0, 0);
                LibC.sem_wait(sem);
                LibC._exit(0);
            });
            assertEquals('S', ProcStat.await(pid, 'S', SETTLE));
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!children.anyStuckInJvm() && System.nanoTime() < deadline) LibC.usleep(10_000);
            assertTrue(children.anyStuckInJvm());
        }
    }
}
