package syslab.experiments.locks;

import org.junit.jupiter.api.Test;
import syslab.posix.C;
import syslab.posix.ErrnoException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.experiments.locks.PthreadMutex.*;

class PthreadLocksTest {
    @Test
    void errorCheckingMutexRefusesASecondLockWithEdeadlk() {
        assertEquals(C.EDEADLK, SelfDeadlock.errorcheckRelock());
        try (PthreadMutex m = new PthreadMutex(PTHREAD_MUTEX_ERRORCHECK)) {
            m.lock();
            ErrnoException e = assertThrows(ErrnoException.class, m::lock);
            assertEquals("EDEADLK", e.name());
            assertTrue(e.getMessage().startsWith("pthread_mutex_lock(PTHREAD_MUTEX_ERRORCHECK): EDEADLK"), e.getMessage());
            m.unlock();
            assertEquals("EPERM", assertThrows(ErrnoException.class, m::unlock).name(), "not locked by us any more");
        }
    }

    @Test
    void recursiveMutexCountsItsLocks() throws InterruptedException {
        assertArrayEquals(new boolean[] {true, true}, SelfDeadlock.recursiveRelock());
    }

    @Test
    void normalMutexLockedTwiceWaitsForeverInTheChildUntilKilled() throws Exception {
        SelfDeadlock.Hang h = SelfDeadlock.normalRelockInChild(Duration.ofMillis(300));
        assertTrue(h.stillBlocked());
        assertEquals('S', h.state(), "asleep, not spinning");
        assertTrue(h.wchan().contains("futex"), h.wchan());
        assertEquals(9, h.termsig());
    }

    @Test
    void trylockSeesAMutexHeldByAnotherThread() throws InterruptedException {
        try (PthreadMutex m = new PthreadMutex(PTHREAD_MUTEX_DEFAULT)) {
            m.lock();
            boolean[] got = new boolean[1];
            Thread t = new Thread(() -> got[0] = m.trylock());
            t.start();
            t.join();
            assertFalse(got[0]);
            m.unlock();
            assertTrue(m.trylock());
            m.unlock();
        }
    }

    @Test
    void unknownMutexTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PthreadMutex(7));
    }

    /** Four threads increment a plain field under the lock: no update may be lost. */
    static long contend(SimpleLock lock) throws InterruptedException {
        long[] counter = new long[1];
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 50_000; k++) {
                    lock.lock();
                    counter[0]++;
                    lock.unlock();
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        return counter[0];
    }

    @Test
    void everyLockExcludes() throws InterruptedException {
        assertEquals(200_000, contend(new SpinLock()));
        try (PthreadSpinLock spin = new PthreadSpinLock(); PthreadMutex mutex = new PthreadMutex(PTHREAD_MUTEX_NORMAL)) {
            assertEquals(200_000, contend(spin));
            assertEquals(200_000, contend(mutex));
        }
    }

    @Test
    void pinningLeavesOneAllowedCpu() throws InterruptedException {
        int cpu = Affinity.firstAllowedCpu();
        int[] seen = {-1};
        Thread t = new Thread(() -> {
            Affinity.pinCurrentThread(cpu);
            seen[0] = Affinity.firstAllowedCpu();
        });
        t.start();
        t.join();
        assertEquals(cpu, seen[0]);
        assertThrows(ErrnoException.class, () -> Affinity.pinCurrentThread(1023), "no machine here has CPU 1023");
    }
}
