package syslab.experiments.proc;

import org.junit.jupiter.api.Test;
import syslab.posix.LibC;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildTest {
    static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void exitStatusAndOwnProcessGroup() {
        try (Child child = Child.fork(LONG, () -> LibC.getpgid(0) == LibC.getpid() ? 7 : 1)) {
            assertEquals(child.pid(), child.pgid());
            assertEquals("exit 7", Child.describe(child.waitFor(LONG)));
        }
    }

    @Test
    void secondChildJoinsTheFirstsGroup() {
        try (Child a = Child.fork(LONG, () -> { LibC.sleep(100); return 0; });
             Child b = Child.fork(LONG, a.pgid(), () -> LibC.getpgid(0) == a.pid() ? 0 : 1)) {
            b.waitForSuccess(LONG);
            assertEquals(a.pid(), ProcStat.read(a.pid()).orElseThrow().pgrp());
        }
    }

    /** A child past its time limit is killed by the watchdog; waitFor reports the signal. */
    @Test
    void watchdogKillsAChildPastItsLimit() {
        try (Child child = Child.fork(Duration.ofMillis(100), () -> { LibC.sleep(100); return 0; })) {
            assertEquals("killed by SIGKILL", Child.describe(child.waitFor(LONG)));
        }
    }

    /** waitFor gives up after its timeout, kills the child and says so. */
    @Test
    void waitForTimesOutAndKills() {
        Child child = Child.fork(LONG, () -> { LibC.sleep(100); return 0; });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.waitFor(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("did not exit within 50 ms"), e.getMessage());
        assertEquals('-', ProcStat.state(child.pid()), "killed and reaped");
    }

    @Test
    void closeKillsAndReapsARunningChild() {
        Child child = Child.fork(LONG, () -> { LibC.sleep(100); return 0; });
        assertEquals('S', ProcStat.await(child.pid(), 'S', Duration.ofSeconds(5)));
        child.close();
        assertEquals('-', ProcStat.state(child.pid()));
    }

    @Test
    void aBodyThatThrowsExitsWithThrew() {
        int[] none = null;
        try (Child child = Child.fork(LONG, () -> none[0])) {
            assertEquals("exit " + Child.THREW, Child.describe(child.waitFor(LONG)));
        }
    }

    /** The child dies with the thread that forked it (PR_SET_PDEATHSIG), not only with the process. */
    @Test
    void childDiesWithTheForkingThread() throws Exception {
        Child[] child = new Child[1];
        Thread forker = new Thread(() -> child[0] = Child.fork(LONG, () -> { LibC.sleep(100); return 0; }));
        forker.start();
        forker.join();
        try {
            assertEquals("killed by SIGKILL", Child.describe(child[0].waitFor(Duration.ofSeconds(10))));
        } finally {
            child[0].close();
        }
    }

    /** The child clears HotSpot's UseCompiler in its own memory; the parent's JIT stays on. */
    @Test
    void theJitIsOffInTheChildOnly() {
        assertTrue(JitSwitch.USE_COMPILER != null, "HotSpot's flag table found");
        assertEquals(1, JitSwitch.USE_COMPILER.getByte(0));
        try (Child child = Child.fork(LONG, () -> JitSwitch.USE_COMPILER.getByte(0))) {
            assertEquals("exit 0", Child.describe(child.waitFor(LONG)));
        }
        assertEquals(1, JitSwitch.USE_COMPILER.getByte(0));
    }

    /** Hot Java code in a child (it would ask for compilations) runs to its end. */
    @Test
    void hotCodeInAChildFinishes() {
        for (int i = 0; i < 5; i++) {
            try (Child child = Child.fork(LONG, () -> {
                long sum = 0;
                for (int k = 0; k < 300_000; k++) sum += square(k);
                return sum != 0 ? 0 : 1;
            })) {
                child.waitForSuccess(LONG);
            }
        }
    }

    static long square(int k) { return (long) k * k; }
}
