package syslab.posix;

import syslab.experiments.proc.Child;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forks a child that runs a short body and never returns into the test JVM, on {@link Child}: its
 * watchdog kills the child after 10 s, or at once if it got stuck in the JVM, which the moment of
 * fork decides, not the code under test: {@link #waitFor} then throws {@link Stuck}, and a test run
 * through {@link #retryingStuck} is run again.
 */
final class Children {
    private Children() { }

    private static final int ATTEMPTS = 3;
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final Map<Integer, Child> CHILDREN = new ConcurrentHashMap<>();

    /** The child got stuck in the JVM, not in the code under test; it was killed. */
    static final class Stuck extends RuntimeException {
        Stuck(int pid) {
            super("child " + pid + " got stuck in the JVM; killed");
        }
    }

    /** Exit status 0 if the body returned, 1 if it threw; the exit flushes C stdio. */
    static int spawn(Runnable body) {
        Child child = Child.fork(LIMIT, () -> {
            int code = 0;
            try {
                body.run();
            } catch (Throwable t) {
                code = 1;
            }
            C.exit(code);
            return code;
        });
        CHILDREN.put(child.pid(), child);
        return child.pid();
    }

    /** waitpid (the watchdog bounds it); throws Stuck if the watchdog killed the child as stuck. */
    static int waitFor(int pid) {
        Child child = CHILDREN.remove(pid);
        int status = child.waitFor(LIMIT);
        if (child.stuck()) throw new Stuck(pid);
        return status;
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
