package syslab.experiments.locks;

import syslab.experiments.common.Monitor;
import syslab.experiments.common.Percentiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Spinlock against mutex: threads take one lock over and over for a fixed time, each time holding
 * it for a critical section of busy work, and the cost per acquisition is the elapsed time and the
 * CPU time (all threads together) divided by the acquisitions. A spinning waiter burns CPU for as
 * long as it waits; a mutex waiter sleeps in the kernel but pays for being put to sleep and woken.
 */
public final class LockCost {
    private LockCost() { }

    public enum Kind {
        JAVA_SPIN("Java spin (AtomicBoolean)", SpinLock::new),
        JAVA_MUTEX("Java ReentrantLock", () -> {
            ReentrantLock l = new ReentrantLock();
            return new SimpleLock() {
                @Override public void lock() { l.lock(); }
                @Override public void unlock() { l.unlock(); }
            };
        }),
        PTHREAD_SPIN("pthread_spin_lock", PthreadSpinLock::new),
        PTHREAD_MUTEX("pthread_mutex_lock", () -> new PthreadMutex(PthreadMutex.PTHREAD_MUTEX_NORMAL));

        public final String label;
        private final Supplier<SimpleLock> factory;

        Kind(String label, Supplier<SimpleLock> factory) {
            this.label = label;
            this.factory = factory;
        }
    }

    /**
     * @param cpus        0: the threads run wherever the scheduler puts them; 1: all on one CPU
     * @param window      how long each measurement takes locks
     * @param repetitions measurements per point; the table gives their median (and p90 of the time)
     */
    public record Params(List<Kind> locks, List<Integer> threads, List<Double> criticalSectionMicros,
                         int cpus, Duration window, int repetitions) {
        public Params {
            if (cpus != 0 && cpus != 1) throw new IllegalArgumentException("cpus must be 0 (all) or 1, was " + cpus);
            if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1");
        }

        /** Measurements (rows) a run makes. */
        public int steps() { return locks.size() * threads.size() * criticalSectionMicros.size(); }
    }

    /** One measurement: acquisitions, and elapsed and CPU nanoseconds. */
    record Sample(long acquisitions, long wallNanos, long cpuNanos) { }

    public static Table run(Params p) throws InterruptedException {
        return run(p, Monitor.THREAD);
    }

    /** Steps the monitor once per row; stops between rows once it says so. */
    public static Table run(Params p, Monitor monitor) throws InterruptedException {
        StringColumn lock = StringColumn.create("lock");
        IntColumn threads = IntColumn.create("threads");
        IntColumn cpus = IntColumn.create("cpus");
        DoubleColumn cs = DoubleColumn.create("critical section µs");
        LongColumn acquisitions = LongColumn.create("acquisitions");
        DoubleColumn wall = DoubleColumn.create("ns per acquisition");
        DoubleColumn wallP90 = DoubleColumn.create("ns per acquisition (p90)");
        DoubleColumn cpu = DoubleColumn.create("CPU ns per acquisition");
        int cpuCount = p.cpus() == 1 ? 1 : Runtime.getRuntime().availableProcessors();
        for (Kind kind : p.locks()) {
            for (int n : p.threads()) {
                for (double us : p.criticalSectionMicros()) {
                    monitor.check();
                    Sample[] samples = new Sample[p.repetitions()];
                    for (int r = 0; r < samples.length; r++) samples[r] = measure(kind, n, us, p.cpus(), p.window());
                    double[] perAcq = Arrays.stream(samples).mapToDouble(s -> (double) s.wallNanos() / s.acquisitions()).toArray();
                    double[] cpuPerAcq = Arrays.stream(samples).mapToDouble(s -> (double) s.cpuNanos() / s.acquisitions()).toArray();
                    lock.append(kind.label);
                    threads.append(n);
                    cpus.append(cpuCount);
                    cs.append(us);
                    acquisitions.append(Arrays.stream(samples).mapToLong(Sample::acquisitions).sum());
                    wall.append(Percentiles.median(perAcq));
                    wallP90.append(Percentiles.of(perAcq, 90));
                    cpu.append(Percentiles.median(cpuPerAcq));
                    monitor.step();
                }
            }
        }
        return Table.create("lock cost", lock, threads, cpus, cs, acquisitions, wall, wallP90, cpu);
    }

    // The shared state every critical section updates: a plain field, so lost updates would show
    // if the lock let two threads in at once.
    private static final class Counter { long value; }

    static Sample measure(Kind kind, int nThreads, double csMicros, int cpus, Duration window) throws InterruptedException {
        SimpleLock lock = kind.factory.get();
        long csNanos = Math.round(csMicros * 1000);
        int cpu = cpus == 1 ? Affinity.firstAllowedCpu() : -1;
        Counter counter = new Counter();
        long[] counts = new long[nThreads];
        long[] cpuNanos = new long[nThreads];
        RuntimeException[] failure = new RuntimeException[1];
        CountDownLatch ready = new CountDownLatch(nThreads), go = new CountDownLatch(1);
        Thread[] workers = new Thread[nThreads];
        Stop stop = new Stop();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < nThreads; i++) {
            int id = i;
            workers[i] = new Thread(() -> {
                try {
                    if (cpu >= 0) Affinity.pinCurrentThread(cpu);
                    ready.countDown();
                    go.await();
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    long n = 0;
                    while (!stop.now) {
                        lock.lock();
                        try {
                            counter.value++;
                            busyFor(csNanos);
                        } finally {
                            lock.unlock();
                        }
                        n++;
                    }
                    counts[id] = n;
                    cpuNanos[id] = mx.getCurrentThreadCpuTime() - cpu0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    synchronized (failure) { failure[0] = e; }
                    ready.countDown();
                }
            }, "lock-cost-" + kind + "-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        long start;
        try {
            ready.await();
            start = System.nanoTime();
            go.countDown();
            Thread.sleep(window.toMillis());
        } finally {
            stop.now = true;
            go.countDown();
            for (Thread w : workers) {
                w.join(TimeUnit.SECONDS.toMillis(30));
                if (w.isAlive()) throw new IllegalStateException(w.getName() + " did not stop within 30 s");
            }
            if (lock instanceof AutoCloseable c) {
                try { c.close(); } catch (Exception e) { throw new IllegalStateException(e); }
            }
        }
        long elapsed = System.nanoTime() - start;
        if (failure[0] != null) throw failure[0];
        long total = Arrays.stream(counts).sum();
        if (counter.value != total) {
            throw new IllegalStateException(kind.label + " let two threads in: " + total + " acquisitions, counter " + counter.value);
        }
        return new Sample(total, elapsed, Arrays.stream(cpuNanos).sum());
    }

    private static final class Stop { volatile boolean now; }

    /** Work in the critical section: the time passes on the CPU, as real work would (not in sleep). */
    static void busyFor(long nanos) {
        if (nanos <= 0) return;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
