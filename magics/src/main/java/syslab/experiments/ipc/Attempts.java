package syslab.experiments.ipc;

import com.sun.jna.Pointer;
import syslab.experiments.proc.Child;
import syslab.posix.C;

import java.util.function.Supplier;

/**
 * How the parent waits for children that may get stuck: a measurement whose child the watchdog
 * killed as stuck in the JVM is made again, and a semaphore wait gives up once the child is gone.
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
     * The parent's side of a semaphore: sem_timedwait a second at a time, until posted, the child
     * has exited, or the monitor says stop.
     */
    static final class Semaphore {
        private final long[] abstime = new long[2];
        private final Monitor monitor;

        Semaphore(Monitor monitor) { this.monitor = monitor; }

        void await(Pointer sem, Child child) {
            while (true) {
                long ms = System.currentTimeMillis() + 1000;
                abstime[0] = ms / 1000;
                abstime[1] = ms % 1000 * 1_000_000;
                if (C.sem_timedwait(sem, abstime)) return;
                if (child.exited()) throw Bandwidth.childGone(child);
                monitor.check();
            }
        }
    }
}
