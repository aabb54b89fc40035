package syslab.experiments.ipc;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;
import syslab.experiments.proc.Child;
import syslab.experiments.proc.Shared;
import syslab.posix.C;
import syslab.posix.Jni;
import syslab.posix.LibC;
import syslab.posix.Signals;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptsTest {
    static final Duration LIMIT = Duration.ofSeconds(30);

    /** A child that waits forever on a private semaphore looks stuck in the JVM to the watchdog. */
    static void stuckChild() {
        Memory sem = new Memory(64);
        try (Child child = Child.fork(LIMIT, () -> {
            LibC.sem_init(sem, 0, 0);
            return LibC.sem_wait(sem);
        })) {
            child.waitForSuccess(LIMIT);
        }
    }

    @Test
    void aMeasurementWhoseChildGotStuckIsMadeAgain() {
        AtomicInteger attempts = new AtomicInteger();
        String r = Attempts.retryingStuck(() -> {
            if (attempts.incrementAndGet() == 1) stuckChild();
            return "measured";
        });
        assertEquals("measured", r);
        assertEquals(2, attempts.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Attempts.retryingStuck(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("broken");
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void aChildStuckEveryTimeFailsAfterThreeAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> Attempts.retryingStuck(() -> {
            attempts.incrementAndGet();
            stuckChild();
            return null;
        }));
        assertEquals(Attempts.MAX, attempts.get());
    }

    /** A parent waiting on a semaphore that a child which exits (5) or is killed never posts is woken, and told why. */
    @Test
    void aSemaphoreWaitEndsWhenTheChildIsGone() {
        try (Shared shared = new Shared(Shared.HEADER)) {
            long sem = Jni.address(shared.semaphore(0, 0));
            try (Child child = Child.fork(LIMIT, () -> 5)) {
                Attempts.ChildSemaphores wait = new Attempts.ChildSemaphores(child, Monitor.NONE, sem);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> wait.await(sem));
                assertTrue(e.getMessage().endsWith("exit 5"), e.getMessage());
            }
            long never = Jni.address(shared.semaphore(1, 0));
            try (Child child = Child.fork(LIMIT, () -> Jni.sem_wait(never))) {
                Attempts.ChildSemaphores wait = new Attempts.ChildSemaphores(child, Monitor.NONE, sem);
                new Thread(() -> {
                    LibC.usleep(200_000);
                    LibC.kill(child.pid(), C.SIGKILL);
                }).start();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> wait.await(sem));
                assertTrue(e.getMessage().endsWith("killed by SIGKILL"), e.getMessage());
            }
        }
    }

    /** The watchdog's post after a child that made its own posts and exited 0 is not mistaken for a failure. */
    @Test
    void aChildThatPostedAndExitedIsNoFailure() {
        try (Shared shared = new Shared(Shared.HEADER)) {
            long sem = Jni.address(shared.semaphore(0, 0));
            try (Child child = Child.fork(LIMIT, () -> Jni.sem_post(sem))) {
                Attempts.ChildSemaphores wait = new Attempts.ChildSemaphores(child, Monitor.NONE, sem);
                assertTrue(child.awaitExit(LIMIT));
                LibC.usleep(300_000);  // the watchdog has seen the exit and posted too
                wait.await(sem);
                child.waitForSuccess(LIMIT);
            }
        }
    }

    /** An interrupt wakes a parent blocked in sem_wait (the kernel signals the cell's thread) and stops it. */
    @Test
    void anInterruptEndsASemaphoreWait() throws Exception {
        try (Shared shared = new Shared(Shared.HEADER)) {
            long sem = Jni.address(shared.semaphore(0, 0)), never = Jni.address(shared.semaphore(1, 0));
            AtomicBoolean interrupted = new AtomicBoolean();
            int tid = C.gettid();
            try (Child child = Child.fork(LIMIT, () -> Jni.sem_wait(never))) {
                Attempts.ChildSemaphores wait = new Attempts.ChildSemaphores(child, Monitor.of("shm", null, interrupted::get), sem);
                Thread interrupter = new Thread(() -> {
                    LibC.usleep(200_000);
                    interrupted.set(true);
                    Signals.wakeup(tid);
                });
                interrupter.start();
                CancellationException e = assertThrows(CancellationException.class, () -> wait.await(sem));
                assertEquals("shm: interrupted", e.getMessage());
                interrupter.join();
            }
        }
    }
}
