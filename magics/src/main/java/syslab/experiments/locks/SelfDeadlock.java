package syslab.experiments.locks;

import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.JvmFork;
import syslab.posix.LibC;
import syslab.procfs.ProcStat;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import static syslab.experiments.locks.PthreadMutex.*;

/**
 * One thread locks a mutex it already holds. What happens depends on the mutex type: an
 * error-checking mutex refuses with EDEADLK, a recursive one counts, and a normal (default) one
 * waits for itself forever. That last case runs in a forked child, watched and then killed.
 */
public final class SelfDeadlock {
    private SelfDeadlock() { }

    /** The errno the second pthread_mutex_lock of an error-checking mutex returns (EDEADLK), or 0. */
    public static int errorcheckRelock() {
        try (PthreadMutex m = new PthreadMutex(PTHREAD_MUTEX_ERRORCHECK)) {
            m.lock();
            try {
                m.lock();
                m.unlock();
                return 0;
            } catch (ErrnoException e) {
                return e.errno();
            } finally {
                m.unlock();
            }
        }
    }

    /**
     * A recursive mutex locked twice is still held after one unlock (another thread's trylock
     * fails) and free after the second. Returns {busy after one unlock, free after two}.
     */
    public static boolean[] recursiveRelock() throws InterruptedException {
        try (PthreadMutex m = new PthreadMutex(PTHREAD_MUTEX_RECURSIVE)) {
            m.lock();
            m.lock();
            m.unlock();
            boolean busy = !otherThreadCanLock(m);
            m.unlock();
            return new boolean[] {busy, otherThreadCanLock(m)};
        }
    }

    private static boolean otherThreadCanLock(PthreadMutex m) throws InterruptedException {
        boolean[] got = new boolean[1];
        Thread t = new Thread(() -> {
            got[0] = m.trylock();
            if (got[0]) m.unlock();
        });
        t.start();
        t.join();
        return got[0];
    }

    /** What the parent saw of a child stuck on its second lock of a normal mutex. */
    public record Hang(int pid, boolean stillBlocked, char state, String wchan, int termsig) { }

    /**
     * Forks a child that locks a PTHREAD_MUTEX_NORMAL twice; after {@code wait} reads its state and
     * kernel wait channel from /proc, then kills it with SIGKILL.
     */
    public static Hang normalRelockInChild(Duration wait) throws IOException {
        PthreadMutex m = new PthreadMutex(PTHREAD_MUTEX_NORMAL);
        // The child runs only calls made here first, so it needs no class loading or linking.
        m.lock();
        m.unlock();
        int pid = JvmFork.fork(0, true, () -> {   // dies with the kernel, whatever happens
            m.lock();
            m.lock();          // a normal mutex does not remember its owner: this waits for ourselves
            return 0;
        });
        int[] status = new int[1];
        long deadline = System.nanoTime() + wait.toNanos();
        boolean ended = false;
        while (System.nanoTime() < deadline && !(ended = C.waitpid(pid, status, C.WNOHANG) == pid)) C.usleep(10_000);
        char state = '?';
        String wchan = "";
        if (!ended) {
            state = ProcStat.state(pid);
            wchan = Files.readString(Path.of("/proc/" + pid + "/wchan")).strip();
            C.kill(pid, C.SIGKILL);
            // SIGKILL ends a task sleeping in futex(2) at once; still, never wait unbounded.
            long killDeadline = System.nanoTime() + 5_000_000_000L;
            while (C.waitpid(pid, status, C.WNOHANG) == 0) {
                if (System.nanoTime() > killDeadline) throw new IllegalStateException("child " + pid + " survived SIGKILL for 5 s");
                C.usleep(1000);
            }
        }
        m.close();
        return new Hang(pid, !ended, state, wchan, C.WIFSIGNALED(status[0]) ? C.WTERMSIG(status[0]) : 0);
    }

    /** All four cases, one row each: lock, second lock, what happened. */
    public static Table run(Duration wait) throws IOException, InterruptedException {
        StringColumn lock = StringColumn.create("mutex"), second = StringColumn.create("second lock"),
            detail = StringColumn.create("what happened");
        int err = errorcheckRelock();
        lock.append("PTHREAD_MUTEX_ERRORCHECK");
        second.append(err == 0 ? "returned 0" : "returned " + syslab.posix.Errno.name(err));
        detail.append("the mutex knows its owner and refuses: " + LibC.strerror(err));

        boolean[] recursive = recursiveRelock();
        lock.append("PTHREAD_MUTEX_RECURSIVE");
        second.append("returned 0");
        detail.append("it counts: still held after one unlock (" + (recursive[0] ? "yes" : "no")
            + "), free after the second (" + (recursive[1] ? "yes" : "no") + ")");

        ReentrantLock java = new ReentrantLock();
        java.lock();
        java.lock();
        lock.append("Java ReentrantLock");
        second.append("returned");
        detail.append("reentrant like a recursive mutex: hold count " + java.getHoldCount());
        java.unlock();
        java.unlock();

        Hang h = normalRelockInChild(wait);
        lock.append("PTHREAD_MUTEX_NORMAL (default)");
        second.append(h.stillBlocked() ? "never returned" : "returned");
        detail.append("child " + h.pid() + " after " + wait.toMillis() + " ms: state " + h.state() + ", waiting in "
            + h.wchan() + "; killed by signal " + h.termsig());
        return Table.create("locking a mutex twice in one thread", lock, second, detail);
    }
}
