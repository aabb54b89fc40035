package syslab.posix;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Forks a child that runs a short body and never returns into the test JVM. A watchdog kills the
 * child after 10 s, or at once if it got stuck in the JVM ({@link JvmProcess#isStuckForGood}),
 * which the moment of fork decides, not the code under test: {@link #waitFor} then throws
 * {@link Stuck}, and a test run through {@link #retryingStuck} is run again.
 */
final class Children {
    private Children() { }

    private static final int ATTEMPTS = 3;
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-children-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Why the watchdog killed a child: "stuck" or "timeout"; and each child's watch. */
    private static final Map<Integer, String> KILLED = new ConcurrentHashMap<>();
    private static final Map<Integer, ScheduledFuture<?>> WATCHES = new ConcurrentHashMap<>();

    /** The child got stuck in the JVM, not in the code under test; it was killed. */
    static final class Stuck extends RuntimeException {
        Stuck(int pid) {
            super("child " + pid + " got stuck in the JVM; killed");
        }
    }

    /** Exit status 0 if the body returned, 1 if it threw. */
    static int spawn(Runnable body) {
        int pid = C.fork();
        if (pid == 0) {
            int code = 0;
            try {
                body.run();
            } catch (Throwable t) {
                code = 1;
            }
            C.exit(code);
        }
        long deadline = System.nanoTime() + LIMIT_NANOS;
        WATCHES.put(pid, WATCHDOG.scheduleWithFixedDelay(() -> {
            boolean stuck = JvmProcess.isStuckForGood(pid);
            if ((stuck || System.nanoTime() > deadline) && KILLED.putIfAbsent(pid, stuck ? "stuck" : "timeout") == null) {
                LibC.kill(pid, C.SIGKILL);
            }
        }, 100, 100, TimeUnit.MILLISECONDS));
        return pid;
    }

    /** waitpid (the watchdog bounds it); throws if the watchdog had to kill the child. */
    static int waitFor(int pid) {
        int[] status = new int[1];
        while (LibC.waitpid(pid, status, 0) < 0 && com.sun.jna.Native.getLastError() == C.EINTR) { }
        WATCHES.remove(pid).cancel(false);
        String killed = KILLED.remove(pid);
        if ("stuck".equals(killed)) throw new Stuck(pid);
        if (killed != null) throw new AssertionError("child " + pid + " did not end within 10 s");
        return status[0];
    }

    /** Runs a test that forks, again (up to 3 times in all) when a child got stuck in the JVM. */
    static <T> T retryingStuck(Callable<T> test) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return test.call();
            } catch (Stuck e) {
                if (attempt == ATTEMPTS) throw e;
            }
        }
    }
}
