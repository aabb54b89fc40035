package syslab.magic.strace;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.display.Markdown;
import syslab.experiments.common.Monitor;
import syslab.experiments.trace.SyscallTrace;
import syslab.experiments.trace.TraceReport;
import syslab.magic.Bounds;
import syslab.magic.CodeMagic;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.ShellWords;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %%strace} and {@code %strace COMMAND ARGS...}: the system calls of a cell or a program, as
 * a table and a bar chart, by {@link SyscallTrace}.
 */
@Command(name = "strace", mixinStandardHelpOptions = true,
        description = {
            "Counts the system calls of the cell (%%%%strace) or of a program (%%strace ls -l /tmp, "
                + "%%strace ./a.out): a table of syscall, calls, errors, seconds and usecs/call, most calls "
                + "first, and a bar chart of the calls.",
            "The cell runs in a forked copy of the kernel process, traced with strace -f -p: so the trace "
                + "holds exactly the cell's system calls (and those of processes it starts), none of the JVM's "
                + "background threads, which do not exist in a forked child. What it means: the cell's side "
                + "effects stay in the copy (variables it assigns keep their old values here; files it "
                + "writes are written); its output appears below; only the forking thread exists in the "
                + "copy, so code that needs the garbage collector or the JIT compiler's threads (allocating "
                + "a lot, loading many classes) can block. Such a copy is seen within a quarter of a second (one thread "
                + "waiting on a private futex), killed, and the cell run again, at most three times in all; a note says so.",
            "A program runs in such a child too, executed after strace attached: its trace starts at "
                + "execve, as with strace ./a.out.",
            "strace stops the traced process at every system call's entry and exit: that costs microseconds "
                + "a call, so the times are inflated, most for cheap calls. Compare calls; time untraced with "
                + "%%%%time.",
            "Where ptrace is not allowed (a container without CAP_SYS_PTRACE, Yama), the code runs untraced "
                + "and the result is what needs no ptrace: read/write system call counts (/proc/PID/io), "
                + "context switches and CPU times (getrusage), with a paragraph on how to allow ptrace.",
            "The result of the last %%strace or %%%%strace stays available to Java code as Strace.last() "
                + "(syslab.magic.strace): a TraceReport with table(), calls(\"read\"), tree() ..."})
public class Strace extends CodeMagic {
    private static volatile TraceReport last;

    @Option(names = "-e", paramLabel = "EXPR",
            description = "An strace filter expression, passed on (repeatable): trace=read,write, trace=%%file, "
                + "trace=!futex, status=failed ...")
    List<String> filters = new ArrayList<>();

    @Option(names = "--raw", arity = "0..1", fallbackValue = "20", paramLabel = "N",
            description = "Also show the first N trace lines, 0 to 10000 (default N: ${FALLBACK-VALUE}).")
    int raw;

    @Option(names = "--tree", description = "Also show the processes and threads created (fork, clone), the "
            + "programs they executed (execve) and how they ended, as a tree.")
    boolean tree;

    @Option(names = "--no-ptrace", description = "Do not trace: run at full speed and report only what the kernel "
            + "counts without ptrace: read/write system calls (/proc/PID/io), context switches, user, system and "
            + "waiting time (getrusage). To compare with the traced run, or to time the code as the traced run cannot.")
    boolean noPtrace;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "60",
            description = "Seconds the traced code may run before its process group is killed, 0.001 to 3600 (default: ${DEFAULT-VALUE}).")
    double timeout;

    // Declared so picocli accepts and documents the command; MagicRunner passes its exact text in code.
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The program and its arguments (line form).")
    List<String> words;

    /** The report of the last %strace or %%strace run in this kernel, or null before the first. */
    public static TraceReport last() {
        return last;
    }

    @Override
    public Object call() throws Exception {
        Bounds.check("strace", "--raw", raw, 0, 10_000);
        Bounds.check("strace", "--timeout", timeout, 0.001, 3600);
        SyscallTrace.Params params = MagicRunner.params(this::params);
        TraceReport report;
        try {
            report = SyscallTrace.run(params, Monitor.of("strace", null, context::interrupted));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MagicException("strace: " + e.getMessage());
        }
        last = report;
        return show(report);
    }

    private SyscallTrace.Params params() throws Exception {
        SyscallTrace.Params p;
        if (body != null) {
            if (!code.isBlank()) {
                throw new IllegalArgumentException("%%strace traces the cell; nothing may follow the options."
                        + " To trace a program write %strace COMMAND on one line");
            }
            if (body.isBlank()) throw new IllegalArgumentException("the cell is empty: nothing to trace");
            p = SyscallTrace.Params.of(context.compile(body));
        } else {
            if (code.isBlank()) throw new IllegalArgumentException("nothing to trace: write %strace COMMAND ARGS...");
            p = SyscallTrace.Params.of(ShellWords.split(code).toArray(String[]::new));
        }
        if (noPtrace && (raw > 0 || tree || !filters.isEmpty())) {
            throw new IllegalArgumentException("--no-ptrace runs untraced: -e, --raw and --tree need the trace");
        }
        return p.filters(filters.toArray(String[]::new)).rawLines(raw).tree(tree)
                .timeout(Duration.ofMillis(Math.round(timeout * 1000))).ptrace(!noPtrace);
    }

    private static List<Object> show(TraceReport report) {
        List<Object> shown = new ArrayList<>();
        for (String note : report.notes()) shown.add(new Markdown(note));
        System.out.println(report.summary());
        shown.add(report.table());
        if (report.traced()) {
            if (report.table().rowCount() > 0) shown.add(report.chart());  // XChart cannot draw no bars
            if (!report.raw().isEmpty()) shown.add(String.join("\n", report.raw()));
            if (report.tree() != null) shown.add(report.tree().render());
        }
        return shown;
    }
}
