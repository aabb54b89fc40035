package syslab.experiments.proc;

import syslab.experiments.common.Columns;
import syslab.experiments.common.Percentiles;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;
import syslab.posix.PollFds;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static syslab.posix.Constants.*;

/**
 * What it costs to create and finish a process and a thread, over repetitions: fork, the child
 * calling _exit at once, and the parent waiting for it (waitpid, after poll on a pidfd so that the
 * wait is bounded: a child that got stuck in the JVM before reaching _exit is killed and the
 * fork made again), against a Java thread's start and join. Forking copies the page tables of the
 * whole JVM (hundreds of MB mapped), which dominates the process's cost.
 */
public final class CreationCost {
    private CreationCost() { }

    public record Params(int repetitions) {
        public static Params defaults() { return new Params(200); }
    }

    /** Each repetition's time, and the median and 90th percentile per kind. */
    public record Result(Table runs, Table summary) { }

    static final String FORK = "fork + waitpid", THREAD = "thread start + join";
    private static final int WARM_UP = 10, TIMEOUT_MS = 1000;

    public static Result run(Params p) throws InterruptedException {
        StringColumn kind = StringColumn.create("kind");
        IntColumn repetition = IntColumn.create("repetition");
        DoubleColumn micros = Columns.fixed("µs", 1);
        for (int r = -WARM_UP; r < p.repetitions(); r++) {
            double forkUs = forkAndWait(), threadUs = startAndJoin();
            if (r < 0) continue;
            kind.append(FORK).append(THREAD);
            repetition.append(r + 1).append(r + 1);
            micros.append(forkUs).append(threadUs);
        }
        Table runs = Table.create("process vs thread creation", kind, repetition, micros);
        Table summary = Table.create("creation cost", StringColumn.create("kind"), Columns.fixed("median µs", 1),
            Columns.fixed("p90 µs", 1));
        for (String k : new String[] {FORK, THREAD}) {
            DoubleColumn times = runs.where(runs.stringColumn("kind").isEqualTo(k)).doubleColumn("µs");
            summary.stringColumn("kind").append(k);
            summary.doubleColumn("median µs").append(Percentiles.median(times.asDoubleArray()));
            summary.doubleColumn("p90 µs").append(Percentiles.of(times.asDoubleArray(), 90));
        }
        return new Result(runs, summary);
    }

    /** Microseconds; a child stuck in the JVM on its way to _exit is killed and the fork made again. */
    private static double forkAndWait() {
        for (int attempt = 1; ; attempt++) {
            JvmProcess.awaitOthersAsleep();  // as C.fork() does, but outside the time measured
            long t0 = System.nanoTime();
            int pid = LibC.fork();
            if (pid < 0) throw ErrnoException.last("fork()");
            if (pid == 0) LibC._exit(0);
            int pidfd = C.pidfd_open(pid);
            boolean exited;
            try {
                exited = C.poll(new PollFds(1).set(0, pidfd, POLLIN), TIMEOUT_MS) == 1;
            } finally {
                C.close(pidfd);
            }
            double us = (System.nanoTime() - t0) / 1e3;
            if (!exited) LibC.kill(pid, SIGKILL);
            C.waitpid(pid, new int[1], 0);
            if (exited) return us;
            if (attempt == 3) throw new IllegalStateException("forked children did not exit within " + TIMEOUT_MS + " ms, 3 times");
        }
    }

    private static double startAndJoin() throws InterruptedException {
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> { });
        t.start();
        t.join(TIMEOUT_MS);
        if (t.isAlive()) throw new IllegalStateException("thread did not end within " + TIMEOUT_MS + " ms");
        return (System.nanoTime() - t0) / 1e3;
    }
}
