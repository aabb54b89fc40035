package syslab.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A process's line in {@code /proc/PID/stat} (proc(5)), the fields experiments look at. State is
 * one letter: R running or runnable, S sleeping (interruptible: blocked in read, wait, sleep),
 * D uninterruptible sleep, T stopped by a signal, t stopped by a tracer, Z zombie (exited, not
 * yet reaped by its parent), X dead, I idle kernel thread.
 *
 * @param utimeTicks CPU time in user mode, in clock ticks (usually 100 a second)
 * @param stimeTicks CPU time in the kernel, in clock ticks
 * @param processor  the CPU it last ran on
 */
public record ProcStat(int pid, String comm, char state, int ppid, int pgrp, long utimeTicks, long stimeTicks,
                       int numThreads, int processor) {

    /** The process's stat line, or empty if there is no such process (never was, or reaped). */
    public static Optional<ProcStat> read(int pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a process that ends while its stat is read gives ESRCH
            if (!Files.exists(Path.of("/proc/" + pid))) return Optional.empty();
            throw new UncheckedIOException(e);
        }
        return Optional.of(parse(line));
    }

    /**
     * Whether the process has ended and waits to be reaped: a zombie with no thread left. (A main
     * thread that called pthread_exit leaves the process a zombie in its stat line while its other
     * threads still run; num_threads counts them.) Its /proc entry, counters included, lives until
     * it is reaped. A pid that no longer exists counts as ended.
     */
    public static boolean ended(int pid) {
        return read(pid).map(s -> s.state() == 'Z' && s.numThreads() == 1).orElse(true);
    }

    /** The state letter, or '-' when the process is gone: what a table of states shows. */
    public static char state(int pid) {
        return read(pid).map(ProcStat::state).orElse('-');
    }

    /**
     * Polls (every millisecond) until process {@code pid} is in {@code state} or {@code timeout}
     * passes; returns the state seen last ('-' once the process is gone).
     */
    public static char await(int pid, char state, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        char seen = state(pid);
        while (seen != state && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            seen = state(pid);
        }
        return seen;
    }

    /** Parses a stat line (of a process, or of a thread under /proc/PID/task); comm sits in parentheses and may itself hold spaces and parentheses. */
    public static ProcStat parse(String line) {
        int open = line.indexOf('('), close = line.lastIndexOf(')');
        String comm = line.substring(open + 1, close);
        // f[0] is field 3 (state) of proc(5)
        String[] f = line.substring(close + 2).trim().split(" ");
        return new ProcStat(Integer.parseInt(line.substring(0, open).trim()), comm, f[0].charAt(0),
            Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[11]), Long.parseLong(f[12]),
            Integer.parseInt(f[17]), Integer.parseInt(f[36]));
    }

    /**
     * The kernel function a sleeping process waits in, polled for up to {@code timeout}: a process
     * shows state S a moment before it is off the CPU, and until then its wchan reads 0.
     */
    public static String awaitWchan(int pid, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String w = wchan(pid);
        while (w.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            w = wchan(pid);
        }
        return w;
    }

    /** What {@code /proc/PID/wchan} says the process sleeps in ("pipe_read", "do_wait"), "" if running or gone. */
    public static String wchan(int pid) {
        try {
            String w = Files.readString(Path.of("/proc/" + pid + "/wchan"), StandardCharsets.UTF_8).trim();
            return w.equals("0") ? "" : w;
        } catch (IOException e) {
            return "";
        }
    }
}
