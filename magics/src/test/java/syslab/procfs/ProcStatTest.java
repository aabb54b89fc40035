package syslab.procfs;

import org.junit.jupiter.api.Test;
import syslab.posix.C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatTest {
    @Test
    void parsesACommWithSpacesAndParentheses() {
        ProcStat s = ProcStat.parse("42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 5 0 100 1000 10 "
            + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0");
        assertEquals(new ProcStat(42, "a (b) c", 'S', 1, 42, 7, 3, 5, 1), s);
    }

    @Test
    void thisThreadIsRunning() {
        // /proc/TID/stat is the thread's own line; /proc/PID/stat the main thread's, idle in a JVM
        ProcStat self = ProcStat.read(C.gettid()).orElseThrow();
        assertEquals('R', self.state());
        assertEquals(C.getppid(), self.ppid());
        assertTrue(self.numThreads() > 1, "a JVM has many threads");
    }

    @Test
    void noSuchProcess() {
        assertTrue(ProcStat.read(Integer.MAX_VALUE).isEmpty());
        assertEquals('-', ProcStat.state(Integer.MAX_VALUE));
    }

    @Test
    void statusCountsContextSwitches() {
        ProcStatus s = ProcStatus.read(C.getpid());
        assertEquals("java", s.get("Name"));
        assertTrue(s.voluntaryCtxtSwitches() >= 0 && s.nonvoluntaryCtxtSwitches() >= 0);
    }

    /** A process is ended once it is a zombie (not yet reaped) or gone; a running JVM is not. */
    @Test
    void endedMeansAZombieOrGone() throws Exception {
        assertFalse(ProcStat.ended(C.getpid()));
        assertTrue(ProcStat.ended(Integer.MAX_VALUE));
        Process p = new ProcessBuilder("true").start();
        int pid = (int) p.pid();
        // Java reaps its children itself; poll until the exit is seen or the pid reaped
        for (long deadline = System.nanoTime() + 5_000_000_000L; !ProcStat.ended(pid) && System.nanoTime() < deadline; ) {
            Thread.sleep(5);
        }
        assertTrue(ProcStat.ended(pid));
        p.waitFor();
    }
}
