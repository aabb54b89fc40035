package syslab.experiments.locks;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds a deadlock the way a JVM monitoring tool does: {@link ThreadMXBean#findDeadlockedThreads}
 * follows "waits for a lock held by" edges between threads (monitors and java.util.concurrent
 * locks alike) and reports the threads on a cycle.
 */
public final class DeadlockDetector {
    private DeadlockDetector() { }

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /**
     * The deadlocked threads among {@code threads}, one row each: thread, holds, waits for, held by.
     * Locks appear as class@identity-hash, so the rows show the cycle: what one waits for, another holds.
     */
    public static Optional<Table> find(Collection<Thread> threads) {
        long[] all = MX.findDeadlockedThreads();
        if (all == null) return Optional.empty();
        Set<Long> ours = threads.stream().map(Thread::getId).collect(Collectors.toSet());
        long[] ids = Arrays.stream(all).filter(ours::contains).toArray();
        if (ids.length == 0) return Optional.empty();
        StringColumn thread = StringColumn.create("thread"), holds = StringColumn.create("holds"),
            waits = StringColumn.create("waits for"), owner = StringColumn.create("held by");
        for (ThreadInfo info : MX.getThreadInfo(ids, false, true)) {
            if (info == null) continue;   // ended since
            thread.append(info.getThreadName());
            holds.append(Arrays.stream(info.getLockedSynchronizers()).map(DeadlockDetector::name).collect(Collectors.joining(", ")));
            waits.append(info.getLockInfo() == null ? "" : name(info.getLockInfo()));
            owner.append(info.getLockOwnerName() == null ? "" : info.getLockOwnerName());
        }
        return Optional.of(Table.create("deadlocked threads", thread, holds, waits, owner));
    }

    /** Polls {@link #find} every 10 ms until it finds a deadlock or the time is up. */
    public static Optional<Table> await(Collection<Thread> threads, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<Table> found = find(threads);
            if (found.isPresent() || System.nanoTime() > deadline) return found;
            Thread.sleep(10);
        }
    }

    // "java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586" -> "ReentrantLock@1b6d3586"
    private static String name(LockInfo lock) {
        String cls = lock.getClassName();
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        int inner = cls.indexOf('$');
        if (inner > 0) cls = cls.substring(0, inner);
        return cls + "@" + Integer.toHexString(lock.getIdentityHashCode());
    }
}
