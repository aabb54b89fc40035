package syslab.fork;

import syslab.posix.C;
import syslab.posix.Rusage;
import syslab.posix.Signals;

import java.time.Duration;

/**
 * How one process of a forked cell ended, as the runner reaped it: the raw wait status, when
 * (since the fork of the first process) and its resource usage (wait4(2)).
 */
public record ProcessEnd(int pid, int status, Duration at, Rusage usage) {
    public boolean exited() { return C.WIFEXITED(status); }

    /** The exit status, or -1 if a signal killed the process. */
    public int exitStatus() { return exited() ? C.WEXITSTATUS(status) : -1; }

    /** The name of the signal that killed the process ("SIGSEGV"), or null if it exited. */
    public String signal() { return C.WIFSIGNALED(status) ? Signals.name(C.WTERMSIG(status)) : null; }

    /** "exit 0" or "killed by SIGSEGV (core dumped)". */
    public String describe() {
        if (exited()) return "exit " + exitStatus();
        return "killed by " + signal() + (C.WCOREDUMP(status) ? " (core dumped)" : "");
    }
}
