package syslab.posix;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
