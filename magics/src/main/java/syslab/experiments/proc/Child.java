package syslab.experiments.proc;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.JvmFork;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;
import syslab.posix.PollFds;
import syslab.posix.Signals;
import syslab.procfs.ProcStat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static syslab.posix.Constants.*;

/**
 * A child forked from the JVM to run a short native body: only the forking thread exists in the
 * child, so the body calls {@link LibC} on buffers made before the fork, allocates nothing and
 * returns its exit status. The JIT is off in the child ({@link JvmFork}): the body is interpreted.
 * The child leads its own process group (or joins a given one) and dies
 * with the forking thread (PR_SET_PDEATHSIG); a watchdog kills the group when the time limit
 * passes, so a parent blocked in read or write on the child's pipe is never stuck for longer, and
 * kills at once a child stuck in the JVM for good ({@link JvmProcess#isStuckForGood}).
 * {@link #close()} kills the group and reaps the child if {@link #waitFor} has not.
 */
public final class Child implements AutoCloseable {
    /** What the child runs; returns its exit status. */
    @FunctionalInterface
    public interface Body {
        int run();
    }

    /** Exit status of a child whose body threw. */
    public static final int THREW = 120;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "syslab-child-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Calls of each native a child makes that the parent makes first (see the static block). */
    private static final int WARM_CALLS = 5000;

    static {
        // A forked child must not be the first to run what HotSpot and JNA prepare lazily: HotSpot
        // makes a native method's wrapper once it has been called a few hundred times, under a lock
        // that another JVM thread may have held at the moment of fork (and so holds forever in the
        // child), and JNA links Pointer's accessors through Java code on their first call. So every
        // native the children here call is called here first, harmlessly, until it is warm.
        Memory a = new Memory(64), b = new Memory(64), set = new Memory(Signals.SIGSET_SIZE);
        LibC.sem_init(a, 0, 0);
        long[] mask = new long[C.CPU_SETSIZE / 64], noWait = {0, 0};
        LibC.sched_getaffinity(0, C.CPU_SETSIZE / 8, mask);
        int self = LibC.getpid();
        for (int i = 0; i < WARM_CALLS; i++) {
            a.setByte(32, b.getByte(0));
            a.setShort(32, b.getShort(0));
            a.setInt(32, b.getInt(0));
            a.setLong(32, b.getLong(0));
            LibC.read(-1, a, 0);
            LibC.write(-1, a, 0);
            LibC.close(-1);
            LibC.memcpy(b, a, 8);
            LibC.sem_post(a);
            LibC.sem_wait(a);
            LibC.sigemptyset(set);
            LibC.sigtimedwait(set, null, noWait);
            LibC.kill(self, 0);
            LibC.getppid();
            LibC.fflush(null);
            LibC.setpgid(-1, 0);
            LibC.prctl(-1, 0, 0, 0, 0);
            LibC.sched_setaffinity(0, C.CPU_SETSIZE / 8, mask);
            System.nanoTime();
        }
        LibC.sem_destroy(a);
        // loaded here: a class must never load first in a child
    }

    /** How often the watchdog looks for a child stuck in the JVM. */
    private static final long CHECK_MILLIS = 100;
    private static final AtomicInteger STUCK_KILLS = new AtomicInteger();

    private final int pid;
    private final int pgid;
    private final ScheduledFuture<?> limitKill, stuckCheck;
    private volatile boolean stuck;
    private final Object exitLock = new Object();
    private Runnable onExit;
    private int status = -1;

    private Child(int pid, int pgid, Duration limit) {
        this.pid = pid;
        this.pgid = pgid;
        this.limitKill = WATCHDOG.schedule(() -> LibC.killpg(pgid, SIGKILL), limit.toNanos(), TimeUnit.NANOSECONDS);
        this.stuckCheck = WATCHDOG.scheduleWithFixedDelay(this::watch, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void watch() {
        if (!stuck && JvmProcess.isStuckForGood(pid)) {
            stuck = true;
            STUCK_KILLS.incrementAndGet();
            LibC.killpg(pgid, SIGKILL);
        }
        synchronized (exitLock) {
            if (onExit != null && exited()) {
                onExit.run();
                onExit = null;
            }
        }
    }

    /**
     * Runs {@code action} once, on the watchdog's thread, within {@value #CHECK_MILLIS} ms of the
     * child's exit (or of the watchdog killing it): for a parent blocked where only the child
     * would wake it, such as a semaphore in shared memory. Never once the child is reaped, so the
     * action may touch memory the parent frees after that.
     */
    public void whenExited(Runnable action) {
        synchronized (exitLock) {
            onExit = status >= 0 ? null : action;
        }
    }

    /** Steps compiled so far by {@link #compileFirst}. */
    private static final Set<String> COMPILED = ConcurrentHashMap.newKeySet();
    private static final long COMPILE_NANOS = 20_000_000;

    /**
     * Calls {@code harmless} (one turn of a step that a child will run in its loop, made harmless:
     * private buffers and semaphores) for 20 ms, once per JVM and {@code step}. C1 compiles the step
     * in the background after a few hundred calls, and a child forked afterwards runs that compiled
     * code rather than interpreting it. Should the compiler be late, the child interprets: slower, no harm.
     */
    /** Whether {@link #compileFirst} has run {@code step} in this JVM. */
    public static boolean compiled(String step) {
        return COMPILED.contains(step);
    }

    public static void compileFirst(String step, Runnable harmless) {
        if (COMPILED.contains(step)) return;
        for (long start = System.nanoTime(); System.nanoTime() - start < COMPILE_NANOS; ) harmless.run();
        COMPILED.add(step);
    }

    /**
     * Children killed so far because they were stuck in the JVM ({@link JvmProcess#isStuckForGood}): a measurement
     * that failed while this count went up can simply be made again.
     */
    public static int stuckKills() { return STUCK_KILLS.get(); }

    /**
     * Runs a measurement that forks children, again (up to {@link JvmProcess#ATTEMPTS} times in all) if a
     * child was killed as stuck in the JVM meanwhile, whether the measurement failed or returned
     * what a killed child left behind: getting stuck depends on the moment of fork, not on the
     * measurement. Other failures are not retried; after the last attempt its result stands.
     */
    public static <T> T retryingStuck(Supplier<T> measurement) {
        return JvmProcess.retryingStuck(attempt -> Tried.of(measurement), Tried::stuck).get();
    }

    /** A measurement's result or failure, and whether a child was killed as stuck meanwhile. */
    private record Tried<T>(T result, RuntimeException failure, boolean stuck) {
        static <T> Tried<T> of(Supplier<T> measurement) {
            int before = stuckKills();
            try {
                T result = measurement.get();
                return new Tried<>(result, null, stuckKills() != before);
            } catch (RuntimeException e) {
                return new Tried<>(null, e, stuckKills() != before);
            }
        }

        T get() {
            if (failure != null) throw failure;
            return result;
        }
    }

    /** Whether the watchdog killed this child because it was stuck in the JVM. */
    public boolean stuck() { return stuck; }

    /** Whether the child has exited (or was killed), reaped or not. */
    public boolean exited() {
        char s = ProcStat.state(pid);
        return status >= 0 || s == 'Z' || s == '-';
    }

    /** Forks a child that leads a new process group and is killed after {@code limit}. */
    public static Child fork(Duration limit, Body body) {
        return fork(limit, 0, body);
    }

    /** Forks a child into process group {@code pgid} (0: a new group led by the child). */
    public static Child fork(Duration limit, int pgid, Body body) {
        int pid = JvmFork.fork(pgid, true, () -> {
            try {
                return body.run();
            } catch (Throwable t) {
                return THREW;  // quietly: a child here must not allocate, and describing t would
            }
        });
        return new Child(pid, pgid == 0 ? pid : pgid, limit);
    }

    public int pid() { return pid; }

    /** The process group, for a second child to join ({@link #fork(Duration, int, Body)}). */
    public int pgid() { return pgid; }

    /** Waits at most {@code timeout} for the child to exit, without reaping it; returns whether it did. */
    public boolean awaitExit(Duration timeout) {
        if (status >= 0) return true;
        int pidfd = C.pidfd_open(pid);
        try {
            return C.poll(new PollFds(1).set(0, pidfd, POLLIN), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())) == 1;
        } finally {
            C.close(pidfd);
        }
    }

    /**
     * Waits at most {@code timeout} for the child to exit and reaps it; returns the wait status.
     * On timeout the group is killed and IllegalStateException thrown.
     */
    public int waitFor(Duration timeout) {
        if (status >= 0) return status;
        if (!awaitExit(timeout)) {
            close();
            throw new IllegalStateException("child " + pid + " did not exit within " + timeout.toMillis() + " ms: killed");
        }
        return reap();
    }

    /** Waits for a child that should have exited normally; throws if its status says otherwise. */
    public void waitForSuccess(Duration timeout) {
        int s = waitFor(timeout);
        if (!C.WIFEXITED(s) || C.WEXITSTATUS(s) != 0) throw new IllegalStateException("child " + pid + " failed: " + describe(s));
    }

    /** "exit 0", "exit 3", "killed by SIGKILL". */
    public static String describe(int status) {
        if (C.WIFEXITED(status)) return "exit " + C.WEXITSTATUS(status);
        if (C.WIFSIGNALED(status)) return "killed by " + syslab.posix.Signals.name(C.WTERMSIG(status));
        return "wait status " + status;
    }

    /**
     * waitpid, again when a signal interrupts it: an interrupted cell is woken with signals for a
     * while, and the cleanup that runs then must still reap its children.
     */
    private int reap() {
        int[] s = new int[1];
        while (LibC.waitpid(pid, s, 0) < 0) {
            int errno = Native.getLastError();
            if (errno != EINTR) throw new ErrnoException("waitpid(" + pid + ")", errno);
        }
        synchronized (exitLock) {
            status = s[0];
            onExit = null;
        }
        limitKill.cancel(false);
        stuckCheck.cancel(false);
        return status;
    }

    /** Kills the group and reaps the child, unless it was already reaped. */
    @Override
    public void close() {
        if (status >= 0) return;
        LibC.killpg(pgid, SIGKILL);
        reap();
    }
}
