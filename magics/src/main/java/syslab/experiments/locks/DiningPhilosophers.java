package syslab.experiments.locks;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Philosophers around a table, a fork between each two; eating takes both neighbouring forks.
 * Taking the left fork first, everyone can hold a left fork and wait for the right one forever: a
 * cycle of waits, the fourth condition of deadlock. Taking the lower-numbered fork first (a global
 * lock order) makes such a cycle impossible. The run stops at a deadlock (which it then breaks by
 * interrupting everyone) or after the time limit.
 */
public final class DiningPhilosophers {
    private DiningPhilosophers() { }

    /**
     * @param lockOrder    take the lower-numbered fork first instead of the left one
     * @param holdFirstFork how long a philosopher holds the first fork before reaching for the
     *                      second: the window in which the others can close the cycle
     */
    public record Params(int philosophers, boolean lockOrder, Duration limit, Duration holdFirstFork) {
        public Params {
            if (philosophers < 2) throw new IllegalArgumentException("need at least 2 philosophers");
        }
    }

    /** deadlock: the cycle if one was found; elapsed: until the deadlock or the limit; meals: per philosopher. */
    public record Result(Optional<Table> deadlock, Duration elapsed, Table meals) { }

    public static Result run(Params p) throws InterruptedException {
        int n = p.philosophers();
        ReentrantLock[] forks = new ReentrantLock[n];
        // fair: a fork goes to whoever waited longest, so with a lock order everyone eats; an unfair
        // lock lets a philosopher who just ate take it back first and starve a neighbour
        for (int i = 0; i < n; i++) forks[i] = new ReentrantLock(true);
        AtomicLongArray meals = new AtomicLongArray(n);
        List<Thread> philosophers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int left = i, right = (i + 1) % n;
            int first = p.lockOrder() ? Math.min(left, right) : left;
            int second = p.lockOrder() ? Math.max(left, right) : right;
            int id = i;
            Thread t = new Thread(() -> dine(forks[first], forks[second], p.holdFirstFork(), meals, id),
                "philosopher " + i + " (forks " + first + " then " + second + ")");
            t.setDaemon(true);
            philosophers.add(t);
        }
        long start = System.nanoTime();
        philosophers.forEach(Thread::start);
        Optional<Table> deadlock;
        Duration elapsed;
        try {
            deadlock = DeadlockDetector.await(philosophers, p.limit());
            elapsed = Duration.ofNanos(System.nanoTime() - start);
        } finally {
            // Interrupting ends every philosopher: a waiting one gives up its fork, an eating one
            // stops at its next wait. This is also how a deadlock is broken.
            philosophers.forEach(Thread::interrupt);
            for (Thread t : philosophers) t.join(10_000);
        }
        for (Thread t : philosophers) {
            if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not end within 10 s of its interrupt");
        }
        IntColumn who = IntColumn.create("philosopher");
        LongColumn count = LongColumn.create("meals");
        for (int i = 0; i < n; i++) {
            who.append(i);
            count.append(meals.get(i));
        }
        return new Result(deadlock, elapsed, Table.create("meals", who, count));
    }

    private static void dine(ReentrantLock first, ReentrantLock second, Duration hold, AtomicLongArray meals, int id) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                first.lockInterruptibly();
                try {
                    Thread.sleep(hold.toMillis(), hold.toNanosPart() % 1_000_000);
                    second.lockInterruptibly();
                    try {
                        meals.incrementAndGet(id);
                    } finally {
                        second.unlock();
                    }
                } finally {
                    first.unlock();
                }
                Thread.yield();   // think
            }
        } catch (InterruptedException e) {
            // asked to leave the table
        }
    }
}
