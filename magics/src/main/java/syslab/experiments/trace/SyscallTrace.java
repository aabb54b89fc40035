package syslab.experiments.trace;

import syslab.procfs.ProcIo;
import syslab.experiments.common.Monitor;
import syslab.posix.JvmProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The system calls some code makes, counted by strace: a Java body run in a forked child of the
 * JVM, or a program. The child stops itself before the work, strace attaches to it
 * ({@code strace -f -p PID}), then the child is let go: the trace holds the work's system calls
 * and those of the processes it starts, and none of the JVM's other threads (they do not exist
 * in a forked child). A program is executed by the child after strace attached, so its trace
 * starts at execve, as {@code strace ./a.out} does.
 *
 * <p>Where ptrace is not allowed, or strace is missing, the work runs untraced and the report
 * holds what the kernel counts without ptrace: read and write system calls (/proc/PID/io),
 * context switches and CPU times (getrusage).
 *
 * <p>Tracing stops the process twice per system call (entry and exit) to let strace look: that
 * costs some microseconds per call, so the seconds in the table are inflated, most for cheap
 * calls; compare calls, and time the work untraced.
 */
public final class SyscallTrace {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    // the child stops within microseconds of fork; strace attaches in milliseconds
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration ATTACH_LIMIT = Duration.ofSeconds(10);
    private static final Duration STRACE_EXIT_LIMIT = Duration.ofSeconds(10);

    private SyscallTrace() { }

    /**
     * What to trace and how.
     *
     * @param body     Java code to run in a forked child, or null
     * @param command  a program and its arguments (argv[0] found in $PATH), when body is null
     * @param filters  strace -e expressions ({@code trace=read,write}, {@code trace=%file} ...)
     * @param rawLines how many trace lines to keep in the report
     * @param tree     whether to build the process tree
     * @param timeout  how long the work may run before its process group is killed
     * @param ptrace   false: do not trace; report only what the kernel counts without ptrace, at full speed
     */
    public record Params(Runnable body, List<String> command, List<String> filters, int rawLines, boolean tree,
                         Duration timeout, boolean ptrace) {
        public Params {
            if ((body == null) == (command == null || command.isEmpty())) {
                throw new IllegalArgumentException("trace either a body or a command");
            }
            command = command == null ? null : List.copyOf(command);
            filters = List.copyOf(filters);
            filters.forEach(FilterExpression::check);
            if (rawLines < 0) throw new IllegalArgumentException("rawLines must be >= 0");
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        }

        /** Traces Java code in a forked child of the JVM. */
        public static Params of(Runnable body) {
            return new Params(body, null, List.of(), 0, false, DEFAULT_TIMEOUT, true);
        }

        /** Traces a program: {@code Params.of("ls", "-l", "/tmp")}. */
        public static Params of(String... command) {
            return new Params(null, List.of(command), List.of(), 0, false, DEFAULT_TIMEOUT, true);
        }

        public Params filters(String... expressions) {
            return new Params(body, command, List.of(expressions), rawLines, tree, timeout, ptrace);
        }

        public Params rawLines(int n) {
            return new Params(body, command, filters, n, tree, timeout, ptrace);
        }

        public Params tree(boolean on) {
            return new Params(body, command, filters, rawLines, on, timeout, ptrace);
        }

        public Params timeout(Duration limit) {
            return new Params(body, command, filters, rawLines, tree, limit, ptrace);
        }

        /** ptrace(false): run untraced, at full speed, and count what needs no ptrace. */
        public Params ptrace(boolean on) {
            return new Params(body, command, filters, rawLines, tree, timeout, on);
        }

        String label() {
            return body != null ? "the cell" : String.join(" ", command);
        }
    }

    public static TraceReport run(Params p) {
        return run(p, Monitor.THREAD);
    }

    /**
     * Runs and traces the work. The monitor is asked while it runs: once stopped, the run ends as at
     * the timeout (the process group is killed, the trace so far is reported).
     *
     * @throws IllegalArgumentException for a command that is not found
     * @throws IllegalStateException    when strace fails for another reason than ptrace permission
     */
    public static TraceReport run(Params p, Monitor monitor) {
        return run(p, monitor::stopped, StraceAttach.STRACE);
    }

    /** As {@link #run(Params, Monitor)}, with the strace executable given (tests try a missing one). */
    static TraceReport run(Params p, BooleanSupplier stop, String strace) {
        Path program = p.command() == null ? null : Tracee.which(p.command().get(0));
        List<String> retries = new ArrayList<>();
        Attempt last = JvmProcess.retryingStuck(n -> {
            Attempt a = attempt(p, program, stop, strace, n == JvmProcess.ATTEMPTS);
            if (a.report() == null) {
                retries.add("the forked copy of the JVM (process " + a.pid() + ") got stuck in the JVM before finishing:"
                        + " killed it and ran " + p.label() + " again");
            }
            return a;
        }, a -> a.report() == null);
        return last.report().withNotesBefore(retries);
    }

    static final String STUCK_HELP = "It waited in futex(2) for a thread of the JVM that a forked copy does not"
            + " have: most likely the garbage collector (the cell allocated more than the young generation had left)"
            + " or the JIT compiler (whose lock was held at the moment of fork). Allocate less in a traced cell"
            + " (reuse buffers), run it once untraced first, or trace a C program.";

    /** One run: a report, or null when the child got stuck in the JVM and may be tried again. */
    private record Attempt(TraceReport report, int pid) { }

    private static Attempt attempt(Params p, Path program, BooleanSupplier stop, String strace, boolean last) {
        Path output = tempFile();
        List<String> notes = new ArrayList<>();
        try (Tracee child = p.body() != null ? Tracee.body(p.body()) : Tracee.exec(program, p.command())) {
            Tracee.Stop stopped = child.awaitStop(STOP_LIMIT);
            if (stopped == Tracee.Stop.STUCK && !last) return new Attempt(null, child.pid);
            if (stopped != Tracee.Stop.STOPPED) {
                throw new IllegalStateException("the child process " + child.pid + " did not stop to wait for strace: "
                        + switch (stopped) {
                            case ENDED -> "it ended first";
                            case STUCK -> "stuck " + JvmProcess.ATTEMPTS + " times. " + STUCK_HELP;
                            default -> "not within " + seconds(STOP_LIMIT);
                        });
            }
            boolean lines = p.rawLines() > 0 || p.tree();
            List<String> command = StraceAttach.command(strace, child.pid, output, lines, p.filters());
            try (StraceAttach tracer = p.ptrace() ? StraceAttach.start(command, child.pid, ATTACH_LIMIT) : StraceAttach.off();
                 ProcIo counters = ProcIo.open(child.pid)) {
                boolean traced = tracer.status == StraceAttach.Status.ATTACHED;
                if (tracer.status != StraceAttach.Status.OFF && !traced) {
                    notes.add(Untraced.explain(tracer.status, tracer.messages()));
                }
                long start = System.nanoTime();
                long deadline = start + p.timeout().toNanos();
                child.release();
                boolean ended = child.awaitExit(deadline, stop, p.body() != null);
                Duration wall = Duration.ofNanos(System.nanoTime() - start);
                Map<String, Long> io = ended ? counters.read() : Map.of();
                if (!ended) {
                    boolean stuck = p.body() != null && JvmProcess.isStuckForGood(child.pid);
                    child.kill();
                    if (stuck && !last) return new Attempt(null, child.pid);
                    notes.add((stuck ? "stuck" : stop.getAsBoolean() ? "interrupted" : "timed out after " + seconds(p.timeout()))
                            + ": killed process group " + child.pid + "." + (stuck ? " " + STUCK_HELP : ""));
                }
                if (!child.reap(STRACE_EXIT_LIMIT)) {
                    throw new IllegalStateException("process " + child.pid + " could not be reaped");
                }
                // strace ends when the last traced process does: the work's children may live on
                Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), STRACE_EXIT_LIMIT.toNanos()));
                if (traced && !tracer.awaitExit(left)) {
                    notes.add("processes started by " + p.label() + " outlived it: killed process group " + child.pid);
                    child.kill();
                    if (!tracer.awaitExit(STRACE_EXIT_LIMIT)) notes.add("strace did not finish; its summary may be missing");
                }
                String label = p.label();
                if (!traced) {
                    return new Attempt(new TraceReport(label, false, TraceReport.counters(label, io, child.usage(), wall),
                            List.of(), null, child.status(), wall, child.usage(), io, List.copyOf(notes)), child.pid);
                }
                StraceOutput out = StraceOutput.read(output, child.pid, p.rawLines());
                return new Attempt(new TraceReport(label, true, TraceReport.syscalls(label, out.rows),
                        List.copyOf(out.firstLines), p.tree() ? out.tree : null, child.status(), wall, child.usage(), io,
                        List.copyOf(notes)), child.pid);
            }
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a leftover file in /tmp is no reason to lose the report
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("syslab-strace-", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
