package syslab.posix;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

class SignalsTest {
    @Test
    void names() {
        assertEquals("SIGSEGV", Signals.name(SIGSEGV));
        assertEquals("SIGPIPE", Signals.name(13));
        assertEquals("SIGRTMIN+2", Signals.name(Signals.installWakeupHandler()));
    }

    /** A thread blocked in read(2) on an empty pipe returns EINTR once woken up. */
    @Test
    void wakeupInterruptsBlockedRead() throws Exception {
        int[] fd = new int[2];
        pipe(fd);
        try {
            Object result = blockAndWake(() -> read(fd[0], new byte[1], 1));
            ErrnoException e = assertInstanceOf(ErrnoException.class, result);
            assertEquals(EINTR, e.errno());
            assertTrue(e.getMessage().startsWith("read(fd=" + fd[0]), e.getMessage());
        } finally {
            close(fd[0]);
            close(fd[1]);
        }
    }

    /** sleep(3) woken early returns the seconds it had left. */
    @Test
    void wakeupCutsSleepShort() throws Exception {
        Object left = blockAndWake(() -> sleep(60));
        assertTrue(left instanceof Integer n && n > 0 && n <= 60, String.valueOf(left));
    }

    /** nanosleep interrupted: EINTR, and rem holds the time it had left. */
    @Test
    void wakeupInterruptsNanosleep() throws Exception {
        long[] rem = new long[2];
        Object result = blockAndWake(() -> {
            nanosleep(new long[] {60, 0}, rem);
            return null;
        });
        assertEquals(EINTR, assertInstanceOf(ErrnoException.class, result).errno());
        assertTrue(rem[0] > 0 && rem[0] <= 60, String.valueOf(rem[0]));
    }

    /** SIG_IGN shows in the SigIgn mask of /proc/self/status; SIG_DFL clears it. */
    @Test
    void signalIgnoreAndDefault() throws Exception {
        long bit = 1L << (SIGWINCH - 1);
        assertEquals(SIG_DFL, signal(SIGWINCH, SIG_IGN));
        try {
            assertTrue((sigIgn() & bit) != 0);
        } finally {
            assertEquals(SIG_IGN, signal(SIGWINCH, SIG_DFL));
        }
        assertEquals(0, sigIgn() & bit);
        assertThrows(IllegalArgumentException.class, () -> signal(SIGSEGV, SIG_DFL));
    }

    static long sigIgn() throws java.io.IOException {
        return Long.parseUnsignedLong(LibCTest.field(Path.of("/proc/self/status"), "SigIgn"), 16);
    }

    /** Writing to a pipe nobody reads: SIGPIPE kills a writer with the default action; ignored, EPIPE. */
    @Test
    void sigpipeDefaultKillsIgnoredFails() throws Exception {
        Children.retryingStuck(() -> {
            int[] fd = new int[2];
            pipe(fd);
            close(fd[0]);
            try {
                int pid = Children.spawn(() -> {
                    signal(SIGPIPE, SIG_DFL);
                    write(fd[1], "x");
                });
                int status = Children.waitFor(pid);
                assertTrue(WIFSIGNALED(status));
                assertEquals("SIGPIPE", Signals.name(WTERMSIG(status)));

                pid = Children.spawn(() -> {
                    signal(SIGPIPE, SIG_IGN);
                    try {
                        write(fd[1], "x");
                    } catch (ErrnoException e) {
                        _exit(e.errno());
                    }
                });
                status = Children.waitFor(pid);
                assertTrue(WIFEXITED(status));
                assertEquals(EPIPE, WEXITSTATUS(status));
            } finally {
                close(fd[1]);
            }
            return null;
        });
    }

    /**
     * Runs call on a new thread, waits until the kernel shows it asleep in the call, and wakes it
     * (again, in case the signal landed just before the call started). Returns the call's result
     * or the exception it threw.
     */
    static Object blockAndWake(java.util.concurrent.Callable<Object> call) throws Exception {
        Signals.installWakeupHandler();
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            tid.complete(gettid());
            try {
                result.complete(call.call());
            } catch (Exception e) {
                result.complete(e);
            }
        });
        t.start();
        int id = tid.get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!result.isDone() && System.nanoTime() < deadline) {
            String stat = Files.readString(Path.of("/proc/self/task/" + id + "/stat"));
            if (stat.charAt(stat.lastIndexOf(')') + 2) == 'S') Signals.wakeup(id);
            Thread.sleep(20);
        }
        t.join(1000);
        return result.getNow(new AssertionError("not woken"));
    }
}
