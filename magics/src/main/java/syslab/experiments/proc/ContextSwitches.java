package syslab.experiments.proc;

import com.sun.jna.Memory;
import syslab.experiments.common.Columns;
import syslab.posix.C;
import syslab.posix.LibC;
import syslab.procfs.ProcStat;
import syslab.procfs.ProcStatus;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;

import static syslab.posix.Constants.*;

/**
 * Voluntary and involuntary context switches ({@code /proc/PID/status}) of children that block
 * and of children that spin. A child that waits in read gives the CPU up itself each time (a
 * voluntary switch); two spinning children pinned to one CPU never give it up, so the scheduler
 * takes it from them when their slice ends (involuntary switches). The counts are read while each
 * child is a zombie: it has exited, and its counters stay until waitpid.
 */
public final class ContextSwitches {
    private ContextSwitches() { }

    /**
     * @param reads      one-byte reads the blocking child makes; the parent writes a byte every millisecond
     * @param spinMillis how long each spinning child spins
     */
    public record Params(int reads, int spinMillis) {
        public static Params defaults() { return new Params(200, 200); }
    }

    private static final Duration LIMIT = Duration.ofSeconds(30), EXIT = Duration.ofSeconds(10);

    public static Table run(Params p) {
        return Child.retryingStuck(() -> once(p));
    }

    private static Table once(Params p) {
        Table t = Table.create("context switches", StringColumn.create("child"), LongColumn.create("voluntary"),
            LongColumn.create("involuntary"), Columns.fixed("cpu ms", 0));
        blocking(p.reads(), t);
        spinning(p.spinMillis(), t);
        return t;
    }

    private static void blocking(int reads, Table t) {
        int[] fd = new int[2];
        C.pipe2(fd, O_CLOEXEC);
        Memory buf = new Memory(1);
        try (Child child = Child.fork(LIMIT, () -> {
            LibC.close(fd[1]);
            for (int i = 0; i < reads; i++) {
                if (LibC.read(fd[0], buf, 1) != 1) return 2;
            }
            return 0;
        })) {
            C.close(fd[0]);
            for (int i = 0; i < reads; i++) {
                C.usleep(1000);
                C.write(fd[1], buf, 1);
            }
            row(t, "blocks in read, " + reads + " times", child);
        } finally {
            C.close(fd[1]);
        }
    }

    /** Two spinners pinned to one CPU, so that each is preempted for the other. */
    private static void spinning(int spinMillis, Table t) {
        long[] allowed = C.sched_getaffinity(0), one = new long[C.CPU_SETSIZE / 64];
        int cpu = 0;
        while (!C.CPU_ISSET(cpu, allowed)) cpu++;
        C.CPU_SET(cpu, one);
        long spinNanos = spinMillis * 1_000_000L;
        Child.Body spin = () -> {
            if (LibC.sched_setaffinity(0, C.CPU_SETSIZE / 8, one) != 0) return 2;
            // wall-clock time: sharing the CPU, each spinner runs for about half of it
            long end = System.nanoTime() + spinNanos;
            while (System.nanoTime() < end) {
                // spin: state R
            }
            return 0;
        };
        try (Child a = Child.fork(LIMIT, spin); Child b = Child.fork(LIMIT, spin)) {
            row(t, "spins, sharing CPU " + cpu + " with another spinner", a);
            row(t, "spins, the other spinner", b);
        }
    }

    /** Waits until the child is a zombie, reads its counters, then reaps it. */
    private static void row(Table t, String what, Child child) {
        if (ProcStat.await(child.pid(), 'Z', EXIT) != 'Z') throw new IllegalStateException("child " + child.pid() + " did not exit");
        ProcStatus status = ProcStatus.read(child.pid());
        ProcStat stat = ProcStat.read(child.pid()).orElseThrow();
        child.waitForSuccess(EXIT);
        t.stringColumn("child").append(what);
        t.longColumn("voluntary").append(status.voluntaryCtxtSwitches());
        t.longColumn("involuntary").append(status.nonvoluntaryCtxtSwitches());
        t.doubleColumn("cpu ms").append((stat.utimeTicks() + stat.stimeTicks()) * 1000.0 / CLOCK_TICKS);
    }

    /** sysconf(_SC_CLK_TCK): 100 on Linux (USER_HZ, fixed by the ABI). */
    private static final int CLOCK_TICKS = 100;
}
