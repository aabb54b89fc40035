package syslab.experiments.proc;

import syslab.posix.JvmProcess;
import syslab.procfs.ProcStat;
import org.junit.jupiter.api.Test;
import syslab.posix.C;
import syslab.posix.JitSwitch;
import syslab.posix.LibC;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

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
    void whenExitedRunsOnceAfterTheExitAndNeverAfterTheReap() {
        AtomicInteger runs = new AtomicInteger();
        try (Child child = Child.fork(LONG, () -> 0)) {
            child.whenExited(runs::incrementAndGet);
            assertTrue(child.awaitExit(LONG));
            LibC.usleep(500_000);  // five watchdog checks
            assertEquals(1, runs.get());
            child.waitForSuccess(LONG);
        }
        try (Child child = Child.fork(LONG, () -> 0)) {
            child.whenExited(runs::incrementAndGet);
            child.waitForSuccess(LONG);  // reaped at once: the watchdog has not looked yet
            child.whenExited(runs::incrementAndGet);
            LibC.usleep(300_000);
            assertEquals(1, runs.get(), "no action runs for a reaped child");
        }
    }

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
        int[] fd = new int[2];
        C.pipe(fd);
        com.sun.jna.Memory one = new com.sun.jna.Memory(1);
        // the thread ends only once the child runs its body, that is once PR_SET_PDEATHSIG is set
        Thread forker = new Thread(() -> {
            child[0] = Child.fork(LONG, () -> {
                LibC.write(fd[1], one, 1);
                LibC.sleep(100);
                return 0;
            });
            C.read(fd[0], one, 1);
        });
        forker.start();
        forker.join();
        try {
            assertEquals("killed by SIGKILL", Child.describe(child[0].waitFor(Duration.ofSeconds(10))));
        } finally {
            child[0].close();
            C.close(fd[0]);
            C.close(fd[1]);
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

    /**
     * A child waiting on a process-private futex with no timeout can never be woken (nobody else
     * lives in its process): the watchdog kills it at once and counts it. A private semaphore at 0
     * makes such a wait, as a lock or safepoint left over from the JVM would.
     */
    @Test
    void aChildStuckForGoodIsKilledAtOnce() {
        com.sun.jna.Memory sem = new com.sun.jna.Memory(64);
        int before = Child.stuckKills();
        try (Child child = Child.fork(LONG, () -> {
            LibC.sem_init(sem, 0, 0);
            return LibC.sem_wait(sem);
        })) {
            assertEquals("killed by SIGKILL", Child.describe(child.waitFor(Duration.ofSeconds(10))));
            assertTrue(child.stuck());
        }
        assertEquals(before + 1, Child.stuckKills());
    }

    /** A child that waits forever on a private semaphore looks stuck in the JVM to the watchdog; its status is ignored. */
    static void stuckChild() {
        com.sun.jna.Memory sem = new com.sun.jna.Memory(64);
        try (Child child = Child.fork(LONG, () -> {
            LibC.sem_init(sem, 0, 0);
            return LibC.sem_wait(sem);
        })) {
            child.waitFor(LONG);
        }
    }

    /** A measurement that returned while its child was killed as stuck returned what the kill left: it is made again. */
    @Test
    void aMeasurementWhoseChildGotStuckIsMadeAgain() {
        AtomicInteger attempts = new AtomicInteger();
        String r = Child.retryingStuck(() -> {
            if (attempts.incrementAndGet() == 1) stuckChild();
            return "measurement " + attempts.get();
        });
        assertEquals("measurement 2", r);
    }

    @Test
    void aFailureWhileAChildGotStuckIsRetriedOthersAreNot() {
        AtomicInteger attempts = new AtomicInteger();
        assertEquals("measured", Child.retryingStuck(() -> {
            if (attempts.incrementAndGet() == 1) {
                stuckChild();
                throw new IllegalStateException("the child stopped answering");
            }
            return "measured";
        }));
        assertEquals(2, attempts.get());
        attempts.set(0);
        assertThrows(IllegalStateException.class, () -> Child.retryingStuck(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("broken");
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void aChildStuckEveryTimeEndsAfterTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Child.retryingStuck(() -> {
            attempts.incrementAndGet();
            stuckChild();
            throw new IllegalStateException("stuck");
        }));
        assertEquals(JvmProcess.ATTEMPTS, attempts.get());
    }
}
