package syslab.magic.builtin;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.magic.CodeMagic;
import syslab.magic.MagicException;
import syslab.posix.C;
import syslab.posix.Constants;
import syslab.posix.Rusage;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code %time STATEMENT} and {@code %%time}: IPython's time magic, extended with what
 * getrusage(2) knows, so a cell shows its wall time split into user, sys and waiting time.
 */
@Command(name = "time", mixinStandardHelpOptions = true,
        description = {
            "Runs Java code once and reports, as IPython does, CPU times (user, sys, total) and wall time; "
                + "then the waiting time (wall - user - sys: blocked on IO, sleeping, waiting for a child, "
                + "or runnable but not running), context switches (voluntary: the code blocked; involuntary: "
                + "the scheduler preempted it) and page faults (minor: no disk IO; major: with disk IO).",
            "%%time STATEMENT compiles the statement, then times it alone; %%%%time runs the cell as a cell "
                + "(its declarations stay), so its time includes JShell compiling each statement as it runs it.",
            "The figures are differences of getrusage for RUSAGE_SELF plus RUSAGE_CHILDREN, taken just "
                + "before and after: the whole kernel process (every JVM thread: the code, the GC and JIT "
                + "threads it keeps busy, a little from idle kernel threads) plus the children that ended and "
                + "were waited for during the cell. A child still running when the cell ends is not counted.",
            "RUSAGE_THREAD is not used: the code may run on a thread other than this magic's, and it would "
                + "miss the GC, the JIT and any threads the code starts.",
            "On several cores CPU time can exceed wall time; waiting then shows as none."})
public class Time extends CodeMagic {
    @Option(names = "--table", description = "Also return the figures as a table (rows: self, children, total).")
    boolean table;

    // Declared so picocli accepts and documents the code; MagicRunner passes its exact text in code.
    @Parameters(paramLabel = "STATEMENT", arity = "0..*", description = "The Java statement to time (line form).")
    List<String> words;

    @Override
    public Object call() throws Exception {
        if (body != null && !code.isBlank()) {
            throw new MagicException("time: %%time times the cell; nothing may follow the options");
        }
        String timed = body == null ? code : body;
        if (timed.isBlank()) {
            throw new MagicException("time: nothing to time: write %time STATEMENT or %%time with a cell body");
        }
        // The line form compiles first and times the statement alone. The cell form runs as a cell
        // (its declarations stay, as in IPython), so JShell's compiling is inside its time.
        Runnable program;
        if (body == null) {
            long compileStart = System.nanoTime();
            program = context.compile(timed);
            double compileSeconds = (System.nanoTime() - compileStart) / 1e9;
            if (compileSeconds > 0.1) {  // IPython mentions compile time only when it is noticeable
                System.out.println("Compiler time: " + Durations.format(compileSeconds));
            }
        } else {
            program = () -> {
                try {
                    context.run(timed);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
        }
        Rusage self = C.getrusage(Constants.RUSAGE_SELF);
        Rusage children = C.getrusage(Constants.RUSAGE_CHILDREN);
        long start = System.nanoTime();
        Usage usage;
        try {
            program.run();
        } finally {
            long wall = System.nanoTime() - start;
            usage = new Usage(Duration.ofNanos(wall), C.getrusage(Constants.RUSAGE_SELF).minus(self),
                    C.getrusage(Constants.RUSAGE_CHILDREN).minus(children));
            System.out.print(usage.report());
        }
        return table ? usage.table() : null;
    }

    /** What one run cost: its wall time and the rusage differences of the process and its children. */
    record Usage(Duration wall, Rusage self, Rusage children) {
        Duration user() {
            return self.utime().plus(children.utime());
        }

        Duration sys() {
            return self.stime().plus(children.stime());
        }

        /** Wall time not spent on a CPU; negative when threads or children ran in parallel. */
        Duration waiting() {
            return wall.minus(user()).minus(sys());
        }

        String report() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("CPU times: user %s, sys: %s, total: %s%n",
                    format(user()), format(sys()), format(user().plus(sys()))));
            if (!children.utime().plus(children.stime()).isZero()) {
                out.append(String.format("  of which children: user %s, sys: %s%n",
                        format(children.utime()), format(children.stime())));
            }
            out.append("Wall time: ").append(format(wall)).append('\n');
            out.append("Waiting: ").append(waiting().isNegative()
                    ? "none (CPU time exceeds wall time: work ran on several cores at once)"
                    : format(waiting()) + " (wall - user - sys)").append('\n');
            out.append(String.format(Locale.ROOT, "Context switches: %,d voluntary, %,d involuntary%n",
                    self.nvcsw() + children.nvcsw(), self.nivcsw() + children.nivcsw()));
            out.append(String.format(Locale.ROOT, "Page faults: %,d minor, %,d major%n",
                    self.minflt() + children.minflt(), self.majflt() + children.majflt()));
            return out.toString();
        }

        Table table() {
            StringColumn scope = StringColumn.create("scope", "self", "children", "total");
            DoubleColumn user = seconds("user s", self.utime(), children.utime(), user());
            DoubleColumn sys = seconds("sys s", self.stime(), children.stime(), sys());
            DoubleColumn wallColumn = DoubleColumn.create("wall s");
            DoubleColumn waitingColumn = DoubleColumn.create("waiting s");
            wallColumn.appendMissing().appendMissing().append(seconds(wall));
            waitingColumn.appendMissing().appendMissing().append(seconds(waiting()));
            return Table.create("time", scope, user, sys, wallColumn, waitingColumn,
                    counts("voluntary switches", self.nvcsw(), children.nvcsw()),
                    counts("involuntary switches", self.nivcsw(), children.nivcsw()),
                    counts("minor faults", self.minflt(), children.minflt()),
                    counts("major faults", self.majflt(), children.majflt()));
        }

        private static DoubleColumn seconds(String name, Duration... values) {
            DoubleColumn column = DoubleColumn.create(name);
            for (Duration value : values) {
                column.append(seconds(value));
            }
            return column;
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }

        private static LongColumn counts(String name, long self, long children) {
            return LongColumn.create(name, self, children, self + children);
        }

        private static String format(Duration d) {
            return Durations.format(seconds(d));
        }
    }
}
