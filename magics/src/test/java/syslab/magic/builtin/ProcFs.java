package syslab.magic.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What tests read from /proc to check which processes are still running. */
final class ProcFs {
    private ProcFs() { }

    /** Whether {@code pid} is gone or a zombie (a container's init may never reap it). */
    static boolean dead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    /** Waits up to {@code ms} for {@code pid} to die; returns whether it did. */
    static boolean awaitDeath(long pid, long ms) throws InterruptedException {
        for (long waited = 0; waited < ms; waited += 10) {
            if (dead(pid)) {
                return true;
            }
            Thread.sleep(10);
        }
        return dead(pid);
    }
}
