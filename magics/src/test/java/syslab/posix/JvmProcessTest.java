package syslab.posix;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JvmProcessTest {
    @Test
    void retryingStuckStopsAtTheFirstAttemptThatWasNotStuck() {
        List<Integer> tried = new ArrayList<>();
        int last = JvmProcess.retryingStuck(n -> {
            tried.add(n);
            return n;
        }, n -> n < 2);
        assertEquals(2, last);
        assertEquals(List.of(1, 2), tried);
    }

    @Test
    void retryingStuckGivesUpAfterTheLastAttempt() {
        List<Integer> tried = new ArrayList<>();
        int last = JvmProcess.retryingStuck(n -> {
            tried.add(n);
            return n;
        }, n -> true);
        assertEquals(JvmProcess.ATTEMPTS, last);
        assertEquals(JvmProcess.ATTEMPTS, tried.size());
    }

    /** This JVM has many threads, and a sleeping program is not a copy of the JVM: neither is stuck for good. */
    @Test
    void onlyAOneThreadCopyOfTheJvmCanBeStuckForGood() throws Exception {
        assertFalse(JvmProcess.isStuckForGood(JvmProcess.PID));
        Process sleep = new ProcessBuilder("sleep", "5").start();
        try {
            assertFalse(JvmProcess.isStuckForGood((int) sleep.pid()));
        } finally {
            sleep.destroyForcibly().waitFor();
        }
    }
}
