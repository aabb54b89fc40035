package syslab.experiments.trace;

import org.knowm.xchart.CategoryChart;
import syslab.chart.Charts;
import syslab.posix.C;
import syslab.posix.Rusage;
import syslab.posix.Signals;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.text.DecimalFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link SyscallTrace} run found.
 *
 * @param label  what ran: "the cell" or the command line
 * @param traced whether strace traced it; if not (not asked to, or ptrace not allowed), {@code table}
 *               holds the counters that need no ptrace
 * @param table  traced: one row per system call (syscall, calls, errors, seconds, usecs/call), most
 *               calls first; else the counters of /proc/PID/io and getrusage (what, value, unit, from)
 * @param raw    the first trace lines, as strace wrote them (empty unless asked for)
 * @param tree   the processes and threads the trace saw (null unless asked for and traced)
 * @param status the wait status of the traced process (C.WIFEXITED and friends decode it)
 * @param wall   from releasing the process until it ended
 * @param usage  its getrusage, children it waited for included (user and sys time, context switches)
 * @param io     its /proc/PID/io counters (syscr, syscw, rchar, ...), read as it ended; empty if it
 *               did not end in time
 * @param notes  what the reader should know: why it was not traced, a timeout
 */
public record TraceReport(String label, boolean traced, Table table, List<String> raw, ProcessTree tree,
                          int status, Duration wall, Rusage usage, Map<String, Long> io, List<String> notes) {

    /** Bars in {@link #chart()}: more would be unreadable; the table has them all. */
    static final int CHART_BARS = 20;

    /** How many times the system call was made (0 if never). */
    public long calls(String syscall) {
        requireTraced();
        StringColumn names = table.stringColumn("syscall");
        for (int r = 0; r < table.rowCount(); r++) {
            if (names.get(r).equals(syscall)) return table.longColumn("calls").get(r);
        }
        return 0;
    }

    /** All system calls traced. */
    public long totalCalls() {
        requireTraced();
        return (long) table.longColumn("calls").sum();
    }

    /**
     * Calls per system call as bars, the most frequent first (at most 20); the axis is logarithmic
     * when counts span more than two decades, so that one huge count does not flatten the rest.
     */
    public CategoryChart chart() {
        requireTraced();
        Table top = table.first(CHART_BARS);
        CategoryChart chart = Charts.bars(top, "syscall", "calls", null);
        LongColumn calls = top.longColumn("calls");
        if (top.rowCount() > 0 && calls.max() > 100 * calls.min()) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(0.5);  // bars rise from the axis minimum, and a log axis has no 0
        }
        chart.getStyler().setXAxisLabelRotation(45);
        return chart;
    }

    /** "exited with 0" or "killed by SIGKILL". */
    public String end() {
        if (C.WIFEXITED(status)) return "exited with " + C.WEXITSTATUS(status);
        if (C.WIFSIGNALED(status)) return "killed by " + Signals.name(C.WTERMSIG(status));
        return "did not end";
    }

    /** One line: what ran, how long, how it ended, how many calls were traced. */
    public String summary() {
        String times = usage == null ? "" : String.format(Locale.ROOT, " (user %.3f s, sys %.3f s)",
                seconds(usage.utime()), seconds(usage.stime()));
        String calls = traced ? String.format(Locale.ROOT, "%,d system calls traced; ", totalCalls()) : "";
        return String.format(Locale.ROOT, "%s: %s%s, wall %.3f s%s", label, calls, end(), seconds(wall), times);
    }

    /** This report with {@code earlier} notes first (what happened on the way to it). */
    TraceReport withNotesBefore(List<String> earlier) {
        if (earlier.isEmpty()) return this;
        List<String> all = new ArrayList<>(earlier);
        all.addAll(notes);
        return new TraceReport(label, traced, table, raw, tree, status, wall, usage, io, List.copyOf(all));
    }

    private void requireTraced() {
        if (!traced) throw new IllegalStateException("not traced: " + String.join(" ", notes));
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** The syscall table from strace's summary rows, most calls first (ties by name). */
    static Table syscalls(String label, List<StraceOutput.Row> rows) {
        StringColumn name = StringColumn.create("syscall");
        LongColumn calls = LongColumn.create("calls");
        LongColumn errors = LongColumn.create("errors");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        DoubleColumn perCall = DoubleColumn.create("usecs/call");
        for (StraceOutput.Row row : rows) {
            name.append(row.syscall());
            calls.append(row.calls());
            errors.append(row.errors());
            seconds.append(row.seconds());
            perCall.append(row.calls() == 0 ? 0 : row.seconds() * 1e6 / row.calls());
        }
        calls.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
        seconds.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));  // strace's microseconds
        perCall.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        return Table.create("syscalls of " + label, name, calls, errors, seconds, perCall)
                .sortOn("-calls", "syscall");
    }

    /** The counters that need no ptrace: /proc/PID/io and getrusage. */
    static Table counters(String label, Map<String, Long> io, Rusage usage, Duration wall) {
        Table t = Table.create("what the kernel counted for " + label + " (no ptrace)",
                StringColumn.create("what"), DoubleColumn.create("value"), StringColumn.create("unit"),
                StringColumn.create("from"));
        add(t, "read system calls (syscr: read, pread64, readv ...)", io.get("syscr"), "calls", "/proc/PID/io");
        add(t, "write system calls (syscw: write, pwrite64, writev ...)", io.get("syscw"), "calls", "/proc/PID/io");
        add(t, "bytes read (rchar)", io.get("rchar"), "bytes", "/proc/PID/io");
        add(t, "bytes written (wchar)", io.get("wchar"), "bytes", "/proc/PID/io");
        if (usage != null) {
            add(t, "voluntary context switches (it blocked)", usage.nvcsw(), "switches", "getrusage");
            add(t, "involuntary context switches (it was preempted)", usage.nivcsw(), "switches", "getrusage");
            add(t, "user time", seconds(usage.utime()), "s", "getrusage");
            add(t, "system time", seconds(usage.stime()), "s", "getrusage");
            add(t, "waiting (wall - user - system)",
                    seconds(wall.minus(usage.utime()).minus(usage.stime())), "s", "clock, getrusage");
        }
        add(t, "wall time", seconds(wall), "s", "clock");
        // counts as counts, seconds to the millisecond
        t.doubleColumn("value").setPrintFormatter(new NumberColumnFormatter(new DecimalFormat("#,##0.###")));
        return t;
    }

    private static void add(Table t, String what, Number value, String unit, String from) {
        if (value == null) return;  // /proc/PID/io was not readable (the process did not end in time)
        t.stringColumn("what").append(what);
        t.doubleColumn("value").append(value.doubleValue());
        t.stringColumn("unit").append(unit);
        t.stringColumn("from").append(from);
    }
}
