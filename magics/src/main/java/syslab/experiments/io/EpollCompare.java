package syslab.experiments.io;

import com.sun.jna.Memory;
import syslab.experiments.common.Columns;
import syslab.experiments.common.Labels;
import syslab.experiments.common.Monitor;
import syslab.experiments.common.Param;
import syslab.experiments.common.Percentiles;
import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.Jni;
import syslab.posix.LibC;
import syslab.posix.PollFds;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of one wait call against the number of idle fds it watches. select and poll hand the
 * kernel the whole set on every call, and the kernel asks each fd whether it is ready (O(n));
 * epoll keeps the set in the kernel and epoll_wait only takes what is on the ready list (O(ready)).
 *
 * <p>Each round makes the ready fds readable (one byte each), times one wait call that finds them,
 * and reads them empty again. The call may block (timeout 1 s), as a server's does: that is what
 * makes poll and select register a wait on every fd they pass before finding a ready one, so where
 * the ready fds sit in the set matters ({@link ReadyAt}). select refuses a set holding an fd at or
 * above FD_SETSIZE with a row that says so, before any FD_SET: glibc's fortified FD_SET aborts the
 * process for such an fd.
 *
 * <p>With {@code withC}, wait_cost.c ({@link WaitCostC}) measures each method and size too, right
 * after Java: its columns are the kernel's cost, and the ratio Java / C what the JVM's path adds.
 */
public final class EpollCompare {
    private static final int TIMEOUT_MS = 1000;
    public static final int MAX_ROUNDS = 1_000_000;

    private EpollCompare() { }

    public enum WaitCall {
        SELECT, POLL, EPOLL;

        public String label() { return Labels.of(this); }

        public static WaitCall parse(String name) { return Labels.parse(WaitCall.class, "method", name); }
    }

    /** Where the ready fds sit: after the idle ones (highest numbers, end of the poll array) or before. */
    public enum ReadyAt {
        LAST, FIRST;

        public String label() { return Labels.of(this); }

        public static ReadyAt parse(String name) { return Labels.parse(ReadyAt.class, "placement", name); }
    }

    /** What to sweep: the idle fds watched beside {@code active} ready ones, and where the ready ones sit. */
    public record Params(
            @Param(value = "Idle fd counts to sweep", label = "N", min = 0, max = 100_000) List<Integer> fds,
            @Param(value = "Fds made readable each round", label = "K", min = 1, max = 1000) int active,
            @Param(value = "Timed calls per method and size, after untimed warm-up calls (a tenth, and at least 2,000 or 50 ms)", label = "R", min = 1, max = MAX_ROUNDS)
            int rounds,
            @Param(value = "Wait calls to measure", label = "M") List<WaitCall> methods,
            @Param(value = "Where the ready fds sit in the set", label = "WHERE",
                note = "last: the highest fds, at the end of poll's array. poll and select cost less when a ready fd comes first.")
            ReadyAt placement,
            @Param(value = "Also measure each method and size in C (compiled with gcc, once), for the kernel's cost beside the JVM's")
            boolean withC) {
        public Params {
            fds = List.copyOf(fds);
            methods = List.copyOf(methods);
            if (fds.isEmpty() || fds.stream().anyMatch(n -> n < 0)) throw new IllegalArgumentException("fds: give counts >= 0");
            if (active < 1) throw new IllegalArgumentException("active must be >= 1: a wait call needs a ready fd to return");
            // each round's time is kept: a bound keeps the arrays (8 bytes a round) far from the heap's size
            if (rounds < 1 || rounds > MAX_ROUNDS) throw new IllegalArgumentException("rounds must be 1 to " + MAX_ROUNDS);
            if (methods.isEmpty()) throw new IllegalArgumentException("methods: give at least one");
        }

        /** 10 to 10,000 idle fds, one ready fd placed last, 300 rounds, every method (as %epoll compare). */
        public static Params defaults() {
            return new Params(List.of(10, 100, 1000, 10000), 1, 300, List.of(WaitCall.values()), ReadyAt.LAST, false);
        }

        /** Measurements a run makes: one per method and set size. */
        public int steps() { return fds.size() * methods.size(); }
    }

    public static Table run(Params p) {
        return run(p, Monitor.THREAD);
    }

    /** Steps the monitor per measurement; stops (closing every fd, killing every child) once it says so. */
    public static Table run(Params p, Monitor monitor) {
        WaitCostC inC = p.withC() ? new WaitCostC() : null;  // compiled first: a missing gcc fails before the sweep
        Table table = Table.create(String.format(Locale.ROOT, "one wait call vs idle fds (%d ready fd%s, placed %s)",
                p.active(), p.active() == 1 ? "" : "s", p.placement().label()),
            StringColumn.create("method"), IntColumn.create("idle fds"), IntColumn.create("ready fds"),
            Columns.fixed("median µs", 2), Columns.fixed("p90 µs", 2));
        if (inC != null) {
            table.addColumns(Columns.fixed(Columns.inC("median µs"), 2), Columns.fixed(Columns.inC("p90 µs"), 2),
                Columns.fixed(Columns.JAVA_OVER_C, 2));
        }
        table.addColumns(IntColumn.create("calls"), StringColumn.create("note"));
        try (NofileLimit limit = new NofileLimit()) {
            for (int idle : p.fds()) {
                try (Fds fds = new Fds(); ChildGroup children = new ChildGroup()) {
                    WatchedSet set = WatchedSet.open(idle, p.active(), p.placement(), fds, children, limit.soft(), monitor);
                    for (WaitCall m : p.methods()) {
                        monitor.check();
                        String refusal = refusal(m, set);
                        long[] nanos = refusal.isEmpty() ? measure(m, set, p, fds, monitor) : null;
                        addRow(table, m, set, p, nanos, refusal, inC == null ? null : inC.measure(m, idle, Arrays.stream(set.watched).min().orElse(0), p, monitor));
                        monitor.step();
                    }
                }
            }
        }
        return table;
    }

    /** Why {@code m} cannot watch the set, or "" if it can. */
    private static String refusal(WaitCall m, WatchedSet set) {
        int maxFd = Arrays.stream(set.watched).max().orElse(0);
        if (m != WaitCall.SELECT || maxFd < LibC.FD_SETSIZE) return "";
        return String.format(Locale.ROOT, "refused: the set holds fd %d, and select's fd_set has FD_SETSIZE = %d bits "
            + "(on 64-bit glibc too); FD_SET on it would abort the process", maxFd, LibC.FD_SETSIZE);
    }

    /** The time of each timed call, in ns. */
    private static long[] measure(WaitCall m, WatchedSet set, Params p, Fds fds, Monitor monitor) {
        TimedCall call = switch (m) {
            case SELECT -> select(set.watched);
            case POLL -> poll(set.watched);
            case EPOLL -> epoll(set.watched, p.active(), fds);
        };
        long[] nanos = new long[p.rounds()];
        Memory oneByte = new Memory(1);
        WarmUp warmUp = new WarmUp(p.rounds());
        for (int r = -1; r < p.rounds(); ) {
            monitor.check();
            for (int w : set.writers) LibC.write(w, oneByte, 1);
            call.prepare();
            long took = call.timed();
            int ready = call.ready;
            for (int fd : set.readers) LibC.read(fd, oneByte, 1);
            if (ready < 0) {
                if (ready != -LibC.EINTR) Jni.check(ready, m.label() + "(" + set.watched.length + " fds)");
                continue;  // a signal woke the call: not a sample; an interrupt stops at the check above
            }
            if (ready != p.active()) {
                throw new IllegalStateException(m.label() + " reported " + ready + " ready fds, expected " + p.active());
            }
            if (r >= 0) nanos[r++] = took;
            else if (warmUp.done()) r = 0;
        }
        return nanos;
    }

    /**
     * Untimed rounds before the timed ones: a tenth of them (at least 5), and at least
     * {@link #WARM_ROUNDS} or {@link #WARM_NANOS} worth, whichever comes first, so that the JIT has
     * compiled {@link TimedCall#timed} before it is timed (C1 compiles a method after a few hundred
     * calls, then needs a moment). wait_cost.c warms up by the same rule.
     */
    private static final class WarmUp {
        private final int atLeast;
        private final long start = System.nanoTime();
        private int rounds;

        WarmUp(int timedRounds) { atLeast = Math.max(5, timedRounds / 10); }

        boolean done() {
            rounds++;
            return rounds >= atLeast && (rounds >= WARM_ROUNDS || System.nanoTime() - start >= WARM_NANOS);
        }
    }

    static final int WARM_ROUNDS = 2000;
    static final long WARM_NANOS = 50_000_000;

    /** cost null: refused, as {@code note} says; inC null: no C run. */
    private static void addRow(Table t, WaitCall m, WatchedSet set, Params p, long[] cost, String note, WaitCostC.Figures inC) {
        // NaN is Tablesaw's missing value: an empty cell where a side refused
        double median = cost == null ? Double.NaN : Percentiles.median(cost) / 1000.0;
        t.stringColumn("method").append(m.label());
        t.intColumn("idle fds").append(set.watched.length - p.active());
        t.intColumn("ready fds").append(p.active());
        t.doubleColumn("median µs").append(median);
        t.doubleColumn("p90 µs").append(cost == null ? Double.NaN : Percentiles.of(cost, 90) / 1000.0);
        t.intColumn("calls").append(cost == null ? 0 : p.rounds());
        if (inC != null) {
            t.doubleColumn(Columns.inC("median µs")).append(inC.median());
            t.doubleColumn(Columns.inC("p90 µs")).append(inC.p90());
            t.doubleColumn(Columns.JAVA_OVER_C).append(median / inC.median());
            note = note.isEmpty() || inC.refusal().isEmpty() ? note + inC.refusal() : note + "; " + inC.refusal();
        }
        t.stringColumn("note").append(note);
    }

    /**
     * One wait call: prepare() restores what the previous call overwrote (untimed); call() is timed.
     * The calls go through {@link Jni}: through JNA, a 0.5 us epoll_wait would cost 1.5 times as much.
     */
    private abstract static class TimedCall {
        /** What the last {@link #timed} call returned. */
        int ready;

        void prepare() { }

        /** The number of ready fds, or -errno. */
        abstract int call();

        /**
         * One call, timed: its ns, its result in {@link #ready}. A method of its own so that what
         * is timed is compiled code: measure's loop turns too few times per call to be compiled,
         * and from the interpreter System.nanoTime and the call cost 0.1 to 0.4 us more.
         */
        final long timed() {
            long t0 = System.nanoTime();
            ready = call();
            return System.nanoTime() - t0;
        }
    }

    private static TimedCall select(int[] watched) {
        long[] all = new long[LibC.FD_SETSIZE / 64];
        int maxFd = 0;
        for (int fd : watched) {
            all[fd >> 6] |= 1L << (fd & 63);
            maxFd = Math.max(maxFd, fd);
        }
        int nfds = maxFd + 1;
        Memory readfds = new Memory(LibC.FD_SETSIZE / 8), timeout = new Memory(16);
        return new TimedCall() {
            @Override
            void prepare() {
                readfds.write(0, all, 0, all.length);  // select overwrites the set with the ready fds
                timeout.setLong(0, TIMEOUT_MS / 1000);
                timeout.setLong(8, 0);
            }

            @Override
            int call() { return Jni.select(nfds, readfds, timeout); }
        };
    }

    /** The kernel writes only revents, and rewrites all of them: nothing to prepare. */
    private static TimedCall poll(int[] watched) {
        PollFds pfds = new PollFds(watched.length);
        for (int i = 0; i < watched.length; i++) pfds.set(i, watched[i], LibC.POLLIN);
        return new TimedCall() {
            @Override
            int call() { return Jni.poll(pfds, watched.length, TIMEOUT_MS); }
        };
    }

    /** The interest list stays in the kernel: nothing to hand over again, nothing to prepare. */
    private static TimedCall epoll(int[] watched, int active, Fds fds) {
        int ep = fds.add(C.epoll_create1(LibC.EPOLL_CLOEXEC));
        for (int fd : watched) C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, fd, LibC.EPOLLIN);
        EpollEvents events = new EpollEvents(active);
        return new TimedCall() {
            @Override
            int call() { return Jni.epoll_wait(ep, events, active, TIMEOUT_MS); }
        };
    }
}
