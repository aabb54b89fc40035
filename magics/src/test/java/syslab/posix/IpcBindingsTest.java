package syslab.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

/** The bindings added for the IPC and process experiments, each checked against what the kernel reports. */
class IpcBindingsTest {
    /** Pinning the calling thread shows in its Cpus_allowed_list; the old mask comes back. */
    @Test
    void schedSetaffinityPinsTheCallingThread() throws Exception {
        long[] saved = sched_getaffinity(0);
        int cpu = 0;
        while (!CPU_ISSET(cpu, saved)) cpu++;
        long[] one = new long[CPU_SETSIZE / 64];
        CPU_SET(cpu, one);
        Path status = Path.of("/proc/self/task/" + gettid() + "/status");
        try {
            sched_setaffinity(0, one);
            assertEquals(String.valueOf(cpu), LibCTest.field(status, "Cpus_allowed_list"));
            assertArrayEquals(one, sched_getaffinity(0));
            assertEquals(1, CPU_COUNT(sched_getaffinity(0)));
        } finally {
            sched_setaffinity(0, saved);
        }
        assertArrayEquals(saved, sched_getaffinity(0));
        assertThrows(IllegalArgumentException.class, () -> CPU_SET(CPU_SETSIZE, one));
        ErrnoException e = assertThrows(ErrnoException.class, () -> sched_setaffinity(0, new long[CPU_SETSIZE / 64]));
        assertEquals(EINVAL, e.errno());
        assertEquals("sched_setaffinity(0, {}): EINVAL (Invalid argument)", e.getMessage());
    }

    /** A process-shared semaphore in a MAP_SHARED page: the child's post ends the parent's wait. */
    @Test
    void semaphoreSharedWithAChild() throws Exception {
        Children.retryingStuck(() -> {
            Pointer page = mmap(null, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
            try {
                sem_init(page, 1, 0);
                assertFalse(sem_timedwait(page, inMillis(20)), "nobody posted: the wait times out");
                int pid = Children.spawn(() -> sem_post(page));
                assertEquals(0, WEXITSTATUS(Children.waitFor(pid)));
                assertTrue(sem_timedwait(page, inMillis(10_000)), "the parent sees the child's post");
                sem_destroy(page);
            } finally {
                munmap(page, 4096);
            }
            return null;
        });
    }

    static long[] inMillis(long ms) {
        long at = System.currentTimeMillis() + ms;
        return new long[] {at / 1000, at % 1000 * 1_000_000};
    }

    /** poll on a pidfd: not readable while the child runs, readable once it has exited (before waitpid). */
    @Test
    void pidfdBecomesReadableWhenTheChildExits() throws Exception {
        Children.retryingStuck(() -> {
            int[] fd = new int[2];
            pipe(fd);
            int pid = Children.spawn(() -> read(fd[0], new byte[1], 1));
            int pidfd = pidfd_open(pid);
            try {
                PollFds p = new PollFds(1).set(0, pidfd, POLLIN);
                assertEquals(0, poll(p, 50), "the child is blocked in read");
                write(fd[1], "x");
                assertEquals(1, poll(p, 10_000));
                assertEquals(POLLIN, p.revents(0) & POLLIN);
                assertEquals(0, WEXITSTATUS(Children.waitFor(pid)));
            } finally {
                close(pidfd);
                close(fd[0]);
                close(fd[1]);
            }
            assertEquals(ESRCH, assertThrows(ErrnoException.class, () -> pidfd_open(pid)).errno());
            return null;
        });
    }

    @Test
    void memcpyCopiesNativeMemory() {
        Memory a = new Memory(16), b = new Memory(16);
        a.setLong(0, 0x0123456789abcdefL);
        b.clear();
        assertEquals(Pointer.nativeValue(b), LibC.memcpy(b, a, 8));
        assertEquals(0x0123456789abcdefL, b.getLong(0));
        assertEquals(0, b.getLong(8));
    }

    /** A blocked signal raised at this thread waits, pending, for sigtimedwait, which says who sent it. */
    @Test
    void sigtimedwaitTakesABlockedPendingSignal() {
        Memory set = new Memory(Signals.SIGSET_SIZE), old = new Memory(Signals.SIGSET_SIZE), info = new Memory(SIGINFO_SIZE);
        LibC.sigemptyset(set);
        LibC.sigaddset(set, SIGWINCH);
        assertEquals(0, LibC.sigprocmask(SIG_BLOCK, set, old));
        try {
            assertEquals(-1, LibC.sigtimedwait(set, info, new long[] {0, 0}));
            assertEquals(EAGAIN, Native.getLastError());
            raise(SIGWINCH);
            assertEquals(SIGWINCH, LibC.sigtimedwait(set, info, new long[] {1, 0}));
            assertEquals(SIGWINCH, info.getInt(0));
            assertEquals(getpid(), info.getInt(16), "si_pid");
        } finally {
            LibC.sigprocmask(SIG_SETMASK, old, null);
        }
    }
}
