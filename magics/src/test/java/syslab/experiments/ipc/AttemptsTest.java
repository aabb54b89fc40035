package syslab.experiments.ipc;

import com.sun.jna.Memory;
import org.junit.jupiter.api.Test;
import syslab.experiments.proc.Child;
import syslab.posix.LibC;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
