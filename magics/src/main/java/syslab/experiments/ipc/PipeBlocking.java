package syslab.experiments.ipc;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import syslab.experiments.common.Columns;
import syslab.experiments.common.Param;
import syslab.experiments.proc.Child;
import syslab.experiments.proc.Shared;
import syslab.posix.C;
import syslab.posix.LibC;
import syslab.procfs.ProcStat;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static syslab.posix.Constants.*;

/**
 * Blocking pipe IO with timestamps, parent and a forked child on one clock (CLOCK_MONOTONIC):
 * a reader blocks on an empty pipe until the writer writes; read returns 0 (end of file) once the
 * last write end is closed; a writer blocks on a full pipe until the reader empties a whole page,
 * since the kernel frees room a page (one slot) at a time. While blocked the child is in state S,
 * sleeping in the kernel function /proc/PID/wchan names.
 */
public final class PipeBlocking {
    private PipeBlocking() { }

    /** How long the parent waits before each step that releases the child. */
    public record Params(@Param(value = "The parent's pause before each step, in ms", names = "--delay-ms", label = "MS", min = 0, max = 10_000)
                         int delayMillis) {
        public static Params defaults() { return new Params(100); }
    }

    /** The timeline of events, and each blocking call with how long it blocked. */
    public record Result(Table timeline, Table waits) { }

    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** Child's records in shared memory: [call time, return time, result] per call, in longs. */
    private static final int CALLS = 3;

    public static Result run(Params p) {
        return Child.retryingStuck(() -> once(p));
    }

    private static Result once(Params p) {
        Timeline t = new Timeline();
        try (Shared shared = new Shared(Shared.HEADER + 8L * 3 * CALLS)) {
            Pointer rec = shared.data();
            reader(p.delayMillis(), t, rec);
            writer(p.delayMillis(), t, rec);
            return new Result(t.table(), t.waits);
        }
    }

    /** The child reads an empty pipe twice: the parent's write ends the first read, its close the second. */
    private static void reader(int delay, Timeline t, Pointer rec) {
        Memory buf = new Memory(16), hello = new Memory(5);
        hello.write(0, "hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        int[] fd = new int[2];
        C.pipe2(fd, O_CLOEXEC);
        t.scenario("reader waits");
        boolean writeEndOpen = true;
        try (Child child = Child.fork(LIMIT, () -> {
            LibC.close(fd[1]);
            for (int i = 0; i < 2; i++) {
                rec.setLong(8L * (3 * i), System.nanoTime());
                long n = LibC.read(fd[0], buf, 16);
                rec.setLong(8L * (3 * i + 1), System.nanoTime());
                rec.setLong(8L * (3 * i + 2), n);
            }
            return 0;
        })) {
            C.close(fd[0]);
            t.parent("forked child " + child.pid() + "; it calls read(fd, buf, 16) on the empty pipe");
            t.state(child.pid(), 'S');
            C.usleep(delay * 1000);
            t.call("write(fd, \"hello\", 5)", () -> C.write(fd[1], hello, 5), "");
            t.state(child.pid(), 'S');
            C.usleep(delay * 1000);
            t.call("close(write end)", () -> {
                C.close(fd[1]);
                return 0;
            }, ": the last one");
            writeEndOpen = false;
            child.waitForSuccess(Duration.ofSeconds(5));
            t.child(rec, 0, "read(fd, buf, 16) on an empty pipe", "parent's write");
            t.child(rec, 1, "read(fd, buf, 16) again, pipe empty, writer open", "parent closed the last write end");
        } finally {
            if (writeEndOpen) C.close(fd[1]);
        }
    }

    /** The child fills the pipe and writes one byte more; the parent frees a byte, then a whole page. */
    private static void writer(int delay, Timeline t, Pointer rec) {
        int[] fd = new int[2];
        C.pipe2(fd, O_CLOEXEC);
        int capacity = C.fcntl(fd[1], F_GETPIPE_SZ);
        Memory fill = Bandwidth.filled(capacity), buf = new Memory(4096);
        t.scenario("writer waits");
        try (Child child = Child.fork(LIMIT, () -> {
            LibC.close(fd[0]);
            long n = LibC.write(fd[1], fill, capacity);
            if (n != capacity) return 2;
            rec.setLong(8L * 6, System.nanoTime());
            n = LibC.write(fd[1], fill, 1);
            rec.setLong(8L * 7, System.nanoTime());
            rec.setLong(8L * 8, n);
            return 0;
        })) {
            C.close(fd[1]);
            t.parent("forked child " + child.pid() + "; it writes " + capacity + " bytes (F_GETPIPE_SZ), then 1 more");
            t.state(child.pid(), 'S');
            C.usleep(delay * 1000);
            t.call("read(fd, buf, 1)", () -> C.read(fd[0], buf, 1), ": the first page is not empty yet");
            C.usleep(delay / 2 * 1000);
            t.state(child.pid(), 'S');
            C.usleep(delay / 2 * 1000);
            t.call("read(fd, buf, 4095)", () -> C.read(fd[0], buf, 4095), ": the first page is empty");
            child.waitForSuccess(Duration.ofSeconds(5));
            t.child(rec, 2, "write(fd, buf, 1) on a full pipe", "parent emptied a page");
        } finally {
            C.close(fd[0]);
        }
    }

    /** Events of each scenario in time order, in milliseconds since the scenario began. */
    private static final class Timeline {
        long t0;
        String current;
        final StringColumn scenario = StringColumn.create("scenario");
        final DoubleColumn ms = Columns.fixed("ms", 2);
        final StringColumn process = StringColumn.create("process"), event = StringColumn.create("event");
        final Table waits = Table.create("blocking calls", StringColumn.create("call"), LongColumn.create("returned"),
            Columns.fixed("blocked ms", 2), StringColumn.create("woken by"));

        void scenario(String name) {
            current = name;
            t0 = System.nanoTime();
        }

        void add(long nanos, String who, String what) {
            scenario.append(current);
            ms.append((nanos - t0) / 1e6);
            process.append(who);
            event.append(what);
        }

        void parent(String what) { add(System.nanoTime(), "parent", what); }

        /** The parent's call, stamped with the time it was made (what it frees may run before it returns). */
        void call(String call, java.util.function.IntSupplier op, String note) {
            long at = System.nanoTime();
            add(at, "parent", call + " = " + op.getAsInt() + note);
        }

        /** Waits until the child is blocked and records its state and where it sleeps. */
        void state(int pid, char expected) {
            char s = ProcStat.await(pid, expected, Duration.ofSeconds(2));
            String wchan = s == expected ? ProcStat.awaitWchan(pid, Duration.ofSeconds(1)) : "";
            parent("child's state in /proc/" + pid + "/stat: " + s + (wchan.isEmpty() ? "" : ", sleeping in " + wchan));
        }

        /** The child's call {@code i} as two events, and a row of {@link #waits}. */
        void child(Pointer rec, int i, String call, String wokenBy) {
            long called = rec.getLong(8L * 3 * i), returned = rec.getLong(8L * (3 * i + 1)), result = rec.getLong(8L * (3 * i + 2));
            add(called, "child", call + " called");
            add(returned, "child", call.substring(0, call.indexOf(')') + 1) + " returned " + result
                + (result == 0 ? ": end of file" : ""));
            waits.stringColumn("call").append(call);
            waits.longColumn("returned").append(result);
            waits.doubleColumn("blocked ms").append((returned - called) / 1e6);
            waits.stringColumn("woken by").append(wokenBy);
        }

        Table table() {
            // scenarios in the order they ran, each in time order
            Table t = Table.create("pipe blocking", scenario, ms, process, event);
            Table sorted = t.emptyCopy();
            for (String s : scenario.unique().asList().stream().sorted(java.util.Comparator.comparingInt(scenario::indexOf)).toList()) {
                sorted.append(t.where(t.stringColumn("scenario").isEqualTo(s)).sortAscendingOn("ms"));
            }
            return sorted;
        }
    }
}
