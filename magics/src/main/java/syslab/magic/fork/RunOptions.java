package syslab.magic.fork;

import syslab.magic.Bounds;
import picocli.CommandLine.Option;
import syslab.fork.ForkRunner;
import syslab.fork.StdoutMode;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The options %%fork and %%c share (a picocli mixin). */
public final class RunOptions {
    /** Lower-case constants because picocli matches option values to enum names as typed. */
    enum Stdout {
        tty, pipe, file, all;

        List<StdoutMode> modes() {
            return this == all ? List.of(StdoutMode.values()) : List.of(StdoutMode.valueOf(name().toUpperCase()));
        }
    }

    @Option(names = "--stdout", defaultValue = "tty", paramLabel = "MODE",
        description = "Where the process's stdout and stderr go: tty (a fresh pseudo-terminal, like ./a.out), "
            + "pipe (like ./a.out | cat), file (like ./a.out > file), or all: three runs shown side by side. "
            + "Default: ${DEFAULT-VALUE}.")
    Stdout stdout;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
        description = "Kill the whole process group (SIGTERM, then SIGKILL) if it is still running after this long, "
            + "0.001 to 3600. Default: ${DEFAULT-VALUE}.")
    double timeout;

    @Option(names = "--max-procs", defaultValue = "64", paramLabel = "N",
        description = "At most N processes at a time, 1 to 4096 (a pids cgroup; without one, at most N-1 fork() calls of Java "
            + "code): fork() then fails with EAGAIN. Default: ${DEFAULT-VALUE}.")
    int maxProcs;

    /** magic: the name errors start with ("fork", "c"). */
    ForkRunner runner(String magic, BooleanSupplier interrupted) {
        Bounds.check(magic, "--timeout", timeout, 0.001, 3600);
        Bounds.check(magic, "--max-procs", maxProcs, 1, 4096);
        return new ForkRunner(Duration.ofNanos((long) (timeout * 1e9)), maxProcs, interrupted);
    }

    List<StdoutMode> modes() { return stdout.modes(); }
}
