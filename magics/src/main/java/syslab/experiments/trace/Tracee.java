package syslab.experiments.trace;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import syslab.posix.C;
import syslab.posix.Errno;
import syslab.posix.ErrnoException;
import syslab.posix.JitSwitch;
import syslab.posix.JvmFork;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;
import syslab.posix.Rusage;
import syslab.posix.Signals;
import syslab.posix.Syscalls;
import syslab.procfs.ProcStat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static syslab.posix.Constants.*;

/**
 * A forked child of the JVM that stops itself (SIGSTOP) before doing its work, so that a tracer can
 * attach while nothing happens; {@link #release()} lets it run. The work is a Java body run in the
 * child, or a program it executes. Everything up to the stop is untraced, so a trace holds exactly
 * the work's system calls.
 *
 * <p>Only the forking thread exists in the child (no GC, JIT or VM thread): the body must be short
 * code that does not need them; a child that waits for one for good is seen by {@link #awaitStop}
 * and {@link #awaitExit} ({@link JvmProcess#isStuckForGood}). The
 * child never returns into the JVM: it flushes C stdio and calls _exit, as exit(3) ends a C program.
 * It runs in a process group of its own, which {@link #kill()} ends with everything it started.
 */
final class Tracee implements AutoCloseable {
    static {
        JitSwitch.available(); // initialised in the parent: a child must not load classes
    }

    // prctl(2), Yama: who may trace us when /proc/sys/kernel/yama/ptrace_scope is 1 (only ancestors)
    private static final int PR_SET_PTRACER = 0x59616d61;
    private static final long PR_SET_PTRACER_ANY = -1L;

    private static final long STUCK_CHECK_NANOS = 250_000_000L;

    final int pid;
    private boolean reaped;
    private int status;
    private Rusage usage;

    private Tracee(int pid) {
        this.pid = pid;
    }

    static {
        // Load in the parent what the child touches: defining a class in the child can hang it.
        JvmFork.describe(new IllegalStateException("warm-up"));
        Errno.name(EINTR);
        Signals.name(SIGKILL);
        Rusage.decode(new long[Rusage.LONGS]);
        stopThenExec(0, Pointer.NULL, Pointer.NULL);  // signal 0 and EFAULT: nothing happens (see stopThenExec)
    }

    /** Forks a child that stops, then (after {@link #release()}) runs {@code body} and exits. */
    static Tracee body(Runnable body) {
        return fork(() -> {
            LibC.kill(LibC.getpid(), SIGSTOP);  // one system call, at whose return it stops: nothing after it is missed
            body.run();
        });
    }

    /**
     * Forks a child that stops, then executes {@code program} with {@code argv} (argv[0] as typed)
     * and libc's current environment, fds 0-2 only, an empty signal mask and default signal
     * actions, as a shell would.
     */
    static Tracee exec(Path program, List<String> argv) {
        Memory path = C.cString(program.toString());
        StringArray args = new StringArray(argv.toArray(String[]::new), "UTF-8");
        Memory emptySet = new Memory(Signals.SIGSET_SIZE);
        emptySet.clear();
        // built here: a string concatenation run for the first time in the child would define classes
        byte[] failed = ("execve " + program + ": ").getBytes(StandardCharsets.UTF_8);
        return fork(() -> {
            LibC.sigprocmask(SIG_SETMASK, emptySet, null);
            for (int sig = 1; sig < 32; sig++) {
                if (sig != SIGKILL && sig != SIGSTOP) LibC.signal(sig, SIG_DFL);
            }
            LibC.syscall(Syscalls.SYS_close_range, 3, 0xffffffffL, 0);
            stopThenExec(SIGSTOP, path, args);
            // still here: execve failed
            byte[] errno = Errno.name(Native.getLastError()).getBytes(StandardCharsets.UTF_8);
            LibC.write(2, failed, failed.length);
            LibC.write(2, errno, errno.length);
            LibC.write(2, new byte[] {'\n'}, 1);
            LibC._exit(127);
        });
    }

    /** libc's environ, not System.getenv(): %env changes the former, and children get it. */
    private static Pointer environ() {
        return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getGlobalVariableAddress("environ").getPointer(0);
    }

    /**
     * The program a shell would run for {@code name}: a name with a slash is a path (relative to the
     * working directory); otherwise the first executable file of that name in $PATH.
     *
     * @throws IllegalArgumentException if there is none
     */
    static Path which(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            throw new IllegalArgumentException(name + ": no such executable file");
        }
        String path = "/usr/local/bin:/usr/bin:/bin";
        for (String entry : environ().getStringArray(0, "UTF-8")) {
            if (entry.startsWith("PATH=")) path = entry.substring(5);
        }
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        throw new IllegalArgumentException(name + ": command not found in PATH=" + path);
    }

    /**
     * Stops for the tracer with {@code sig}, then executes path; returns only if execve failed. The
     * parent runs it first (signal 0, a NULL path: EFAULT), so that what the child runs between its
     * stop and execve is code the JVM has run before: code run for the first time allocates JVM
     * metadata, which can map memory, and strace showed that mmap before the program's execve.
     */
    private static int stopThenExec(int sig, Pointer path, Pointer argv) {
        LibC.kill(LibC.getpid(), sig);
        return LibC.execv(path, argv);
    }

    /** Forks a child that runs {@code work}, which stops itself (SIGSTOP) where the trace should begin. */
    private static Tracee fork(Runnable work) {
        return new Tracee(JvmFork.fork(0, false, () -> {
            LibC.prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);  // EINVAL without Yama: harmless
            try {
                work.run();
            } finally {
                System.out.flush();
                System.err.flush();
            }
            return 0;
        }));
    }

    /** How waiting for the child's self-stop ended. */
    enum Stop { STOPPED, ENDED, STUCK, TIMED_OUT }

    /**
     * Waits until the child has stopped itself. If it ended instead it is reaped; if it got stuck
     * in the JVM on its way ({@link JvmProcess#isStuckForGood}) or the deadline passed, it is killed and reaped.
     */
    Stop awaitStop(Duration limit) {
        int[] wstatus = new int[1];
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 20_000;
        while (System.nanoTime() < deadline) {
            int r = LibC.waitpid(pid, wstatus, WNOHANG | WUNTRACED);
            if (r < 0) throw ErrnoException.last("waitpid(" + pid + ", WUNTRACED)");
            if (r == pid) {
                if ((wstatus[0] & 0xff) == 0x7f) return Stop.STOPPED;  // WIFSTOPPED
                reaped = true;
                status = wstatus[0];
                return Stop.ENDED;
            }
            if (pause >= 5_000_000 && JvmProcess.isStuckForGood(pid)) {
                close();
                return Stop.STUCK;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
        close();
        return Stop.TIMED_OUT;
    }

    /** Lets the stopped child run (SIGCONT). */
    void release() {
        if (LibC.kill(pid, SIGCONT) < 0) throw ErrnoException.last("kill(" + pid + ", SIGCONT)");
    }

    /**
     * Waits until the child has ended (a zombie, not yet reaped), so that its /proc entry can still
     * be read. Returns false when the deadline passed, {@code stop} became true, or (with
     * {@code watchJvm}) the child got stuck in the JVM ({@link JvmProcess#isStuckForGood}).
     */
    boolean awaitExit(long deadlineNanos, BooleanSupplier stop, boolean watchJvm) {
        long pause = 50_000;
        long nextCheck = System.nanoTime() + STUCK_CHECK_NANOS;
        while (!ProcStat.ended(pid)) {
            if (System.nanoTime() > deadlineNanos || stop.getAsBoolean()) return false;
            if (watchJvm && System.nanoTime() > nextCheck) {
                if (JvmProcess.isStuckForGood(pid)) return false;
                nextCheck = System.nanoTime() + STUCK_CHECK_NANOS;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
        return true;
    }

    /**
     * Reaps the child (wait4), keeping its status and resource usage; waits at most {@code limit}.
     * Returns false if it has not ended by then.
     */
    boolean reap(Duration limit) {
        if (reaped) return true;
        int[] wstatus = new int[1];
        long[] rusage = new long[Rusage.LONGS];
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 50_000;
        while (true) {
            int r = LibC.wait4(pid, wstatus, WNOHANG, rusage);
            if (r < 0 && Native.getLastError() != EINTR) throw ErrnoException.last("wait4(" + pid + ")");
            if (r == pid) break;
            if (System.nanoTime() > deadline) return false;
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
        reaped = true;
        status = wstatus[0];
        usage = Rusage.decode(rusage);
        return true;
    }

    /** Ends the child's process group (SIGKILL): whatever it started goes too. */
    void kill() {
        LibC.killpg(pid, SIGKILL);
    }

    /** The wait status once reaped (decode with C.WIFEXITED and friends). */
    int status() { return status; }

    /** Resource usage of the child and the children it waited for; null until reaped. */
    Rusage usage() { return usage; }

    /** Kills and reaps a child that is still around: no zombie or stray process outlives a trace. */
    @Override
    public void close() {
        if (reaped) return;
        kill();
        reap(Duration.ofSeconds(5));
    }
}
