package syslab.experiments.ipc;

import org.junit.jupiter.api.Test;
import syslab.experiments.common.Monitor;
import syslab.experiments.proc.Child;
import syslab.experiments.proc.Shared;
import syslab.posix.C;
import syslab.posix.Jni;
import syslab.posix.LibC;
import syslab.posix.Signals;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildSemaphoresTest {
    static final Duration LIMIT = Duration.ofSeconds(30);

    /** A parent waiting on a semaphore that a child which exits (5) or is killed never posts is woken, and told why. */
    @Test
    void aSemaphoreWaitEndsWhenTheChildIsGone() {
        try (Shared shared = new Shared(Shared.HEADER)) {
            long sem = Jni.address(shared.semaphore(0, 0));
            try (Child child = Child.fork(LIMIT, () -> 5)) {
                ChildSemaphores wait = new ChildSemaphores(child, Monitor.NONE, sem);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> wait.await(sem));
                assertTrue(e.getMessage().endsWith("exit 5"), e.getMessage());
            }
            long never = Jni.address(shared.semaphore(1, 0));
            try (Child child = Child.fork(LIMIT, () -> Jni.sem_wait(never))) {
                ChildSemaphores wait = new ChildSemaphores(child, Monitor.NONE, sem);
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
                ChildSemaphores wait = new ChildSemaphores(child, Monitor.NONE, sem);
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
                ChildSemaphores wait = new ChildSemaphores(child, Monitor.of("shm", null, interrupted::get), sem);
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
