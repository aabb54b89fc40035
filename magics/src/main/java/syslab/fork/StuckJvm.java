package syslab.fork;

import syslab.procfs.ProcStat;
import syslab.posix.JvmProcess;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds forked JVM children that can never go on. A fork of the JVM has one thread; when it needs
 * the VM thread (to collect garbage, or to deoptimize code after loading a class) it waits for it
 * on a process-private futex with no timeout. With no other thread in the process, nothing can ever
 * wake such a wait, so a parent need not wait for a timeout to know the process is stuck
 * ({@link JvmProcess#isStuckForGood}). Used by %%fork for its process group, and by the kernel for
 * the children of a plain cell that calls fork().
 */
public final class StuckJvm {
    private StuckJvm() { }

    /** What a user is told of a process found stuck. */
    public static final String HELP = "a forked JVM has only the forking thread, so it blocks for good when it needs"
        + " another JVM thread (the VM thread, to collect garbage or to load a class that invalidates compiled code)"
        + " or a lock that another thread held at the moment of fork (the JIT compiler's)."
        + " Run the code once in an ordinary cell first (its classes get loaded), keep the forked part short, and run it again.";

    /** The processes of group pgid that are stuck that way. */
    public static List<Integer> inGroup(int pgid) {
        return find(s -> s.pgrp() == pgid);
    }

    /** The children of process ppid that are stuck that way. */
    public static List<Integer> childrenOf(int ppid) {
        return find(s -> s.ppid() == ppid);
    }

    private static List<Integer> find(Predicate<ProcStat> which) {
        List<Integer> stuck = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                int pid = Integer.parseInt(proc.getFileName().toString());
                if (matches(pid, which) && JvmProcess.isStuckForGood(pid)) stuck.add(pid);
            }
        } catch (IOException e) {
            // /proc unreadable: nothing to say, the caller's timeout still applies
        }
        return stuck;
    }

    private static boolean matches(int pid, Predicate<ProcStat> which) {
        try {
            return ProcStat.read(pid).map(which::test).orElse(false);
        } catch (RuntimeException e) {
            return false;   // unreadable: not one to stop waiting for
        }
    }
}
