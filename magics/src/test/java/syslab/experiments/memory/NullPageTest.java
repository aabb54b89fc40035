package syslab.experiments.memory;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import syslab.posix.C;
import syslab.posix.JvmProcess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The technique the memory notebook uses: a forked child reads address 0 and dies of SIGSEGV. */
class NullPageTest {
    @Test
    void readingAddressZeroKillsAForkedChildWithSigsegv() {
        assertFalse(Native.isProtected(), "JNA must not turn the fault into an Error");
        Pointer zero = new Pointer(0);
        new Memory(8).getInt(0);   // links Native.getInt in the parent; the child must not link anything
        int status = -1;
        // a child that got stuck in the JVM (JvmProcess.isStuckForGood: the moment of fork decides it) is forked again
        for (int attempt = 1; attempt <= 3 && status == -1; attempt++) {
            int pid = C.fork();
            if (pid == 0) {
                C.signal(C.SIGSEGV, C.SIG_DFL);   // the JVM's handler would write a crash report and abort
                C.setrlimit(C.RLIMIT_CORE, new long[] {0, 0});
                zero.getInt(0);
                C._exit(0);
            }
            status = waitFor(pid);
        }
        assertTrue(C.WIFSIGNALED(status), "status " + status);
        assertEquals(C.SIGSEGV, C.WTERMSIG(status));
    }

    /** The wait status, or -1 for a child killed because it got stuck in the JVM. */
    private static int waitFor(int pid) {
        int[] status = new int[1];
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int polls = 1; C.waitpid(pid, status, C.WNOHANG) == 0; polls++) {
            boolean stuck = polls % 50 == 0 && JvmProcess.isStuckForGood(pid);
            if (stuck || System.nanoTime() > deadline) {
                C.kill(pid, C.SIGKILL);
                C.waitpid(pid, status, 0);
                if (stuck) return -1;
                throw new AssertionError("child still running after 10 s");
            }
            C.usleep(1000);
        }
        return status[0];
    }
}
