package syslab.posix;

import syslab.procfs.ProcStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Which process this code runs in: the JVM itself, or a child forked from it (where only the forking
 * thread exists, and which must end with _exit rather than return into the JVM's code).
 */
public final class JvmProcess {
    private JvmProcess() { }

    /** The JVM's pid, taken when this class is loaded (always in the JVM: {@link C} loads it). */
    public static final int PID = LibC.getpid();

    public static boolean isForkedChild() { return LibC.getpid() != PID; }

    /**
     * Runs in all of a fork-based run whose forked JVM gets stuck ({@link #isStuckForGood}): the
     * moment of fork decides it (a lock another thread held then), not the code, and a second fork
     * rarely meets it.
     */
    public static final int ATTEMPTS = 3;

    /**
     * Runs attempt(1), attempt(2)... while {@code stuck} says the attempt's forked JVM got stuck,
     * {@value #ATTEMPTS} at most, and returns the last attempt's result: the one place that decides
     * to fork again (%%fork, %strace, the experiments' children).
     */
    public static <T> T retryingStuck(IntFunction<T> attempt, Predicate<? super T> stuck) {
        for (int n = 1; ; n++) {
            T result = attempt.apply(n);
            if (n == ATTEMPTS || !stuck.test(result)) return result;
        }
    }

    // futex(2) operations
    private static final long FUTEX_WAIT = 0, FUTEX_WAIT_BITSET = 9, FUTEX_PRIVATE_FLAG = 128, FUTEX_CMD_MASK = 127;

    /**
     * Whether process pid, a forked copy of this JVM, can never go on: one thread, waiting with no
     * timeout on a process-private futex. It waits for a JVM thread (the VM thread, to collect
     * garbage or deoptimize; a lock another thread held at the moment of fork) that does not exist
     * in the copy, and nothing else in the process could wake it. (A wait on a shared futex, e.g. a
     * semaphore in shared memory, can be woken by another process and does not count; nor does a
     * child that has exec'd another program.)
     */
    public static boolean isStuckForGood(int pid) {
        Path proc = Path.of("/proc/" + pid);
        try {
            if (!Files.isSameFile(proc.resolve("exe"), Path.of("/proc/self/exe"))) return false;
            if (ProcStat.read(pid).map(s -> s.numThreads() != 1).orElse(true)) return false;
            // /proc/PID/syscall: number, six arguments, stack pointer, program counter; or "running"
            String[] s = Files.readString(proc.resolve("syscall")).trim().split(" ");
            if (s.length < 5 || Long.parseLong(s[0]) != Syscalls.SYS_futex) return false;
            long op = Long.decode(s[2]), timeout = Long.decode(s[4]);
            long cmd = op & ~FUTEX_PRIVATE_FLAG & FUTEX_CMD_MASK;
            return (op & FUTEX_PRIVATE_FLAG) != 0 && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && timeout == 0;
        } catch (IOException | RuntimeException goneOrRunning) {
            return false;  // the timeout still applies
        }
    }

    /** How long {@link #awaitOthersAsleep} waits at most: longer than a JIT compile, short next to a cell. */
    static final int QUIET_WAIT_MILLIS = 200;

    /**
     * Waits, briefly, for a moment when no other thread of this JVM is running, and returns true
     * then (false after {@value #QUIET_WAIT_MILLIS} ms). Called right before every fork of the JVM.
     * A fork inherits every lock held at that moment but not the threads holding them; a sleeping
     * thread (waiting for work) holds none of the JVM's, a running one may (the JIT compiler's queue,
     * right after JShell compiled a cell). No guarantee: {@link #isStuckForGood} catches what slips
     * through.
     */
    public static boolean awaitOthersAsleep() {
        long deadline = System.nanoTime() + QUIET_WAIT_MILLIS * 1_000_000L;
        String self = String.valueOf(C.gettid());
        do {
            if (othersAsleep(self)) return true;
            LibC.usleep(200);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean othersAsleep(String self) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (task.getFileName().toString().equals(self)) continue;
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;  // the thread ended meanwhile
                }
                if (ProcStat.parse(stat).state() != 'S') return false;
            }
            return true;
        } catch (IOException e) {
            return true;  // no /proc: nothing to wait for
        }
    }
}
