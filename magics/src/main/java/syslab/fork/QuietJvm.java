package syslab.fork;

import syslab.posix.C;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Waits, briefly, for a moment when no other thread of the JVM is running. A forked child inherits
 * every lock held at the moment of fork, but not the threads holding them: if the JIT compiler
 * thread held its queue's lock then, the child blocks for good the first time it asks for a method
 * to be compiled (seen in practice right after JShell compiled a cell, which keeps the JIT busy).
 * Threads that are asleep (waiting for work) hold no such lock, so forking when all are asleep
 * makes that much less likely. It is no guarantee: {@link StuckJvm} catches what slips through.
 */
final class QuietJvm {
    private QuietJvm() { }

    /** Returns true once every other thread sleeps, false if that did not happen within maxMillis. */
    static boolean await(int maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        String self = String.valueOf(C.gettid());
        do {
            if (othersAsleep(self)) return true;
            C.usleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean othersAsleep(String self) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (task.getFileName().toString().equals(self)) continue;
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;   // the thread ended meanwhile
                }
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'S') return false;
            }
            return true;
        } catch (IOException e) {
            return true;   // no /proc: nothing to wait for
        }
    }
}
