package syslab.fork;

import syslab.posix.Syscalls;

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

    private static final long FUTEX_PRIVATE_FLAG = 128, FUTEX_WAIT = 0, FUTEX_WAIT_BITSET = 9;

    /** The processes of the group that are stuck that way. */
    static List<Integer> find(int pgid) {
        List<Integer> stuck = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (inGroup(proc, pgid) && isStuck(proc)) stuck.add(Integer.parseInt(proc.getFileName().toString()));
            }
        } catch (IOException e) {
            // /proc unreadable: nothing to say, the timeout still applies
        }
        return stuck;
    }

    private static boolean inGroup(Path proc, int pgid) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");   // state ppid pgrp ...
            return Integer.parseInt(f[2]) == pgid;
        } catch (IOException | RuntimeException e) {
            return false;   // gone meanwhile
        }
    }

    static boolean isStuck(Path proc) {
        try {
            boolean oneThread = Files.readAllLines(proc.resolve("status")).contains("Threads:\t1");
            // /proc/PID/syscall: number, six arguments, stack pointer, program counter
            String[] s = Files.readString(proc.resolve("syscall")).trim().split(" ");
            if (!oneThread || s.length < 5 || Long.parseLong(s[0]) != Syscalls.SYS_futex) return false;
            long op = Long.decode(s[2]), timeout = Long.decode(s[4]);
            long cmd = op & ~FUTEX_PRIVATE_FLAG & 127;
            return (op & FUTEX_PRIVATE_FLAG) != 0 && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && timeout == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
