package syslab.experiments.locks;

import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two threads take two locks in opposite orders (A then B, B then A). A latch makes sure each holds
 * its first lock before asking for the second, so the deadlock always happens. It is then detected
 * and broken: the second thread is interrupted, gives up (its lockInterruptibly throws), releases B,
 * and the first one finishes. Nothing is left hanging.
 */
public final class AbbaDeadlock {
    private AbbaDeadlock() { }

    /**
     * @param cycle    the deadlocked threads as the detector saw them (empty if none was found in time)
     * @param detectedAfter from the start of the threads to the detection
     * @param outcomes one line per thread, in the order they ended
     */
    public record Result(Optional<Table> cycle, Duration detectedAfter, List<String> outcomes) { }

    public static Result run(Duration limit) throws InterruptedException {
        ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
        CountDownLatch bothHoldTheirFirst = new CountDownLatch(2);
        ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
        Thread ab = worker("A-then-B", a, b, bothHoldTheirFirst, outcomes);
        Thread ba = worker("B-then-A", b, a, bothHoldTheirFirst, outcomes);
        long start = System.nanoTime();
        ab.start();
        ba.start();
        Optional<Table> cycle;
        Duration after;
        try {
            cycle = DeadlockDetector.await(List.of(ab, ba), limit);
            after = Duration.ofNanos(System.nanoTime() - start);
        } finally {
            ba.interrupt();   // breaks the cycle: B-then-A gives up and releases B
            ab.join(limit.toMillis());
            if (ab.isAlive()) ab.interrupt();
            ab.join(limit.toMillis());
            ba.join(limit.toMillis());
        }
        if (ab.isAlive() || ba.isAlive()) throw new IllegalStateException("a worker did not end after the deadlock was broken");
        return new Result(cycle, after, List.copyOf(outcomes));
    }

    private static Thread worker(String name, ReentrantLock first, ReentrantLock second, CountDownLatch latch,
                                 ConcurrentLinkedQueue<String> outcomes) {
        Thread t = new Thread(() -> {
            first.lock();
            try {
                try {
                    latch.countDown();
                    latch.await();
                    second.lockInterruptibly();
                } catch (InterruptedException e) {
                    // Said before the finally below releases the first lock, so the order of the
                    // outcomes is the order of events.
                    outcomes.add(name + ": interrupted while waiting, gave up and released its lock");
                    return;
                }
                try {
                    outcomes.add(name + ": got both locks and finished");
                } finally {
                    second.unlock();
                }
            } finally {
                first.unlock();
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
