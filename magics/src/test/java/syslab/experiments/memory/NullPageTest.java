package syslab.experiments.memory;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import syslab.experiments.proc.Child;
import syslab.posix.C;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The technique the memory notebook uses: a forked child reads address 0 and dies of SIGSEGV. */
class NullPageTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void readingAddressZeroKillsAForkedChildWithSigsegv() {
        assertFalse(Native.isProtected(), "JNA must not turn the fault into an Error");
        Pointer zero = new Pointer(0);
        new Memory(8).getInt(0);   // links Native.getInt in the parent; the child must not link anything
        // a child that got stuck in the JVM (the moment of fork decides it) is forked again
        int status = Child.retryingStuck(() -> {
            try (Child child = Child.fork(LIMIT, () -> {
                C.signal(C.SIGSEGV, C.SIG_DFL);   // the JVM's handler would write a crash report and abort
                C.setrlimit(C.RLIMIT_CORE, new long[] {0, 0});
                return zero.getInt(0);
            })) {
                int s = child.waitFor(LIMIT);
                if (child.stuck()) throw new IllegalStateException("child " + child.pid() + " got stuck in the JVM");
                return s;
            }
        });
        assertTrue(C.WIFSIGNALED(status), "status " + status);
        assertEquals(C.SIGSEGV, C.WTERMSIG(status));
    }
}
