package syslab.experiments.ipc;

import com.sun.jna.Memory;
import syslab.experiments.common.Monitor;
import syslab.experiments.proc.Child;
import syslab.posix.C;
import syslab.posix.Jni;

import java.time.Duration;

import static syslab.posix.Constants.*;

/**
 * The parent's side of semaphores a child posts: a plain sem_wait, which arms no timer (a
 * timed wait costs 5 to 10% of shared-memory bandwidth, in C too). What would otherwise leave
 * the parent blocked for good wakes it instead: an interrupt signals the cell's thread (EINTR),
 * and when the child exits, or the watchdog kills it, its semaphores are posted for it.
 */
final class ChildSemaphores {
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

    /**
     * A semaphore of this process alone, at 1, for {@link Child#compileFirst}: a step that waits on
     * it and then posts it leaves it as it was. sem_destroy is not needed on Linux (it frees nothing).
     */
    static Memory privateOne() {
        Memory sem = new Memory(C.SEM_T_SIZE);
        C.sem_init(sem, 0, 1);
        return sem;
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
