package syslab.magic.fork;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import syslab.fork.ForkDisplay;
import syslab.fork.ForkResult;
import syslab.fork.ForkRunner;
import syslab.magic.CellMagic;

import java.util.List;

/** {@code %%fork}: the cell's Java code runs as a process of its own, as a C program would. */
@Command(name = "fork", mixinStandardHelpOptions = true,
    description = {
        "Runs the cell's Java code in a child process forked from the kernel, with stdout and stderr on a "
            + "terminal, a pipe or a file, waits for every process it creates (its process group), and shows "
            + "what they printed and how each ended (exit status or signal, time, CPU, page faults).",
        "printf, fork, getpid... are C's (import static syslab.posix.C.*): printf writes into C stdio's buffer, "
            + "so the buffering seen after fork is the real one. When the code ends the process flushes C stdio "
            + "and exits, as exit(3) ends a C program; an exception prints its stack trace and exits 1.",
        "Only for short code: a forked JVM keeps only the forking thread (no garbage collector, no JIT, no VM "
            + "thread), so a child that needs one (a GC, loading a class the kernel has not loaded yet) blocks "
            + "for good. The kernel notices, kills it and says so. Run the code once in an ordinary cell first, "
            + "and keep the child's work to calls like printf, write, sleep."})
public class ForkMagic extends CellMagic {
    @Mixin
    RunOptions options;

    @Override
    public Object call() throws Exception {
        Runnable code = context.compile(body);
        ForkRunner runner = options.runner("fork", context::interrupted);
        List<ForkResult> runs = options.modes().stream().map(mode -> runner.run(mode, code)).toList();
        return ForkDisplay.show(runs);
    }
}
