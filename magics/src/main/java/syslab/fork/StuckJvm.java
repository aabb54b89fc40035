package syslab.fork;

import syslab.procfs.ProcStat;
import syslab.posix.JvmProcess;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds forked JVM children that can never go on. A fork of the JVM has one thread; when it needs
 * the VM thread (to collect garbage, or to deoptimize code after loading a class) it waits for it
 * on a process-private futex with no timeout. With no other thread in the process, nothing can ever
 * wake such a wait, so the runner need not wait for the timeout to know the process is stuck.
 * (A single-threaded process waiting on a shared futex, e.g. a semaphore in shared memory, can be
 * woken by another process, and is left alone.)
 */
final class StuckJvm {
    private StuckJvm() { }

    /** The processes of the group that are stuck that way. */
    static List<Integer> find(int pgid) {
        List<Integer> stuck = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (inGroup(proc, pgid) && JvmProcess.isStuckForGood(Integer.parseInt(proc.getFileName().toString()))) stuck.add(Integer.parseInt(proc.getFileName().toString()));
            }
        } catch (IOException e) {
            // /proc unreadable: nothing to say, the timeout still applies
        }
        return stuck;
    }

    private static boolean inGroup(Path proc, int pgid) {
        try {
            return ProcStat.read(Integer.parseInt(proc.getFileName().toString())).map(s -> s.pgrp() == pgid).orElse(false);
        } catch (RuntimeException e) {
            return false;   // unreadable: not one to stop waiting for
        }
    }

}
