package syslab.experiments.ipc;

import syslab.experiments.proc.Child;
import syslab.posix.C;
import syslab.posix.Jni;

import java.time.Duration;
import java.util.function.Supplier;

import static syslab.posix.Constants.*;

/**
 * How the parent waits for children that may get stuck: a measurement whose child the watchdog
 * killed as stuck in the JVM is made again, and a semaphore wait ends once the child is gone.
 */
final class Attempts {
    private Attempts() { }

    static final int MAX = 3;

    /** Runs the measurement, again (up to {@link #MAX} times in all) if it failed while a child was killed as stuck. */
    static <T> T retryingStuck(Supplier<T> measurement) {
        for (int attempt = 1; ; attempt++) {
            int before = Child.stuckKills();
            try {
                return measurement.get();
            } catch (RuntimeException e) {
                if (Child.stuckKills() == before || attempt == MAX) throw e;
            }
        }
    }

    /**
     * The parent's side of semaphores a child posts: a plain sem_wait, which arms no timer (a
     * timed wait costs 5 to 10% of shared-memory bandwidth, in C too). What would otherwise leave
     * the parent blocked for good wakes it instead: an interrupt signals the cell's thread (EINTR),
     * and when the child exits, or the watchdog kills it, its semaphores are posted for it.
     */
    static final class ChildSemaphores {
        private final Child child;
        private final Monitor monitor;
        private volatile boolean childGone;

        /** sems: the addresses ({@link Jni#address}) of every semaphore the parent waits on. */
        ChildSemaphores(Child child, Monitor monitor, long... sems) {
            this.child = child;
            this.monitor = monitor;
            child.whenExited(() -> {
                childGone = true;
                for (long sem : sems) Jni.sem_post(sem);
            });
        }

        void await(long sem) {
            while (true) {
                int r = Jni.sem_wait(sem);
                if (childGone) {
                    // A child that exited 0 had made all its posts, this one too; any other did not.
                    int status = child.waitFor(Duration.ofSeconds(5));
                    if (C.WIFEXITED(status) && C.WEXITSTATUS(status) == 0) return;
                    throw new IllegalStateException("the child (pid " + child.pid() + ") stopped answering: " + Child.describe(status));
                }
                if (r == 0) return;
                if (r != -EINTR) Jni.check(r, "sem_wait");
                monitor.check();
            }
        }
    }
}
