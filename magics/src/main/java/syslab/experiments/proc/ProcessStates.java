package syslab.experiments.proc;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import syslab.experiments.common.Columns;
import syslab.posix.C;
import syslab.posix.LibC;
import syslab.procfs.ProcStat;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.time.Duration;
import java.util.Map;

import static syslab.posix.Constants.*;

/**
 * A child led through the process states, each read back from {@code /proc/PID/stat}: running
 * (R: spinning in a loop), stopped (T: SIGSTOP) and running again (SIGCONT), sleeping (S: blocked
 * in read on an empty pipe), stopped and sleeping again, zombie (Z: exited, not yet reaped), and
 * gone once the parent calls waitpid. The notes name three states (ready, running, blocked); Linux
 * shows ready and running both as R, and has the stopped and zombie states besides.
 */
public final class ProcessStates {
    private ProcessStates() { }

    static final Map<Character, String> MEANING = Map.of(
        'R', "running or runnable (ready)",
        'S', "sleeping: blocked, woken by an event",
        'T', "stopped by a signal",
        'Z', "zombie: exited, its status waits for waitpid",
        '-', "gone: no /proc entry");

    private static final Duration LIMIT = Duration.ofSeconds(20), STEP = Duration.ofSeconds(2);

    /** The table; made again if the child got stuck in the JVM ({@link Child#retryingStuck}). */
    public static Table run() {
        return Child.retryingStuck(ProcessStates::once);
    }

    private static Table once() {
        Table t = Table.create("process states", IntColumn.create("step"), Columns.fixed("ms", 2),
            StringColumn.create("action"), StringColumn.create("state"), StringColumn.create("wchan"),
            StringColumn.create("meaning"));
        int[] fd = new int[2];
        C.pipe2(fd, O_CLOEXEC);
        Memory buf = new Memory(1);
        buf.setByte(0, (byte) 'x');
        try (Shared shared = new Shared(Shared.HEADER + 4096)) {
            Pointer go = shared.data();
            long t0 = System.nanoTime();
            try (Child child = Child.fork(LIMIT, () -> {
                LibC.close(fd[1]);
                while (go.getInt(0) == 0) {
                    // spin: state R
                }
                return LibC.read(fd[0], buf, 1) == 1 ? 0 : 2;
            })) {
                C.close(fd[0]);
                int pid = child.pid();
                Step s = new Step(t, pid, t0);
                s.expect("fork(): the child spins in a loop", 'R');
                C.kill(pid, SIGSTOP);
                s.expect("kill(child, SIGSTOP)", 'T');
                C.kill(pid, SIGCONT);
                s.expect("kill(child, SIGCONT): it spins on", 'R');
                go.setInt(0, 1);
                s.expect("the child calls read(2) on an empty pipe", 'S');
                C.kill(pid, SIGSTOP);
                s.expect("kill(child, SIGSTOP) while it waits in read", 'T');
                C.kill(pid, SIGCONT);
                s.expect("kill(child, SIGCONT): back to waiting in read", 'S');
                C.write(fd[1], buf, 1);
                s.expect("write(pipe, 1 byte): read returns, the child exits", 'Z');
                String status = Child.describe(child.waitFor(STEP));
                s.expect("waitpid(child): " + status, '-');
            } finally {
                C.close(fd[1]);
            }
        }
        return t;
    }

    /** Rows of the table: waits (at most 2 s) for the state each action should bring, then records what it saw. */
    private record Step(Table t, int pid, long t0) {
        void expect(String action, char state) {
            char seen = ProcStat.await(pid, state, STEP);
            t.intColumn("step").append(t.rowCount() + 1);
            t.doubleColumn("ms").append((System.nanoTime() - t0) / 1e6);
            t.stringColumn("action").append(action);
            t.stringColumn("state").append(String.valueOf(seen));
            t.stringColumn("wchan").append(seen == 'S' ? ProcStat.awaitWchan(pid, STEP) : "");
            t.stringColumn("meaning").append(MEANING.getOrDefault(seen, "unexpected"));
        }
    }
}
