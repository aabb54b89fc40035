package syslab.fork;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.StringArray;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.JvmFork;
import syslab.posix.JvmProcess;
import syslab.posix.JitSwitch;
import syslab.posix.LibC;
import syslab.posix.Rusage;
import syslab.posix.Signals;
import syslab.posix.Syscalls;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static syslab.posix.Constants.*;

/**
 * Runs code in a new process the way a shell runs {@code ./a.out}, {@code ./a.out | cat} or
 * {@code ./a.out > file}: fds 1 and 2 on a fresh pseudo-terminal, a pipe or a regular file, the
 * process in a process group of its own. Returns what the processes wrote and how each ended.
 *
 * <p>The child is a fork of the JVM, in which only the forking thread exists: no GC, JIT or VM
 * thread. Short code that calls libc is fine; code that needs the VM thread (a GC, or loading a
 * class that invalidates compiled code) blocks forever, and the timeout then kills it. So the
 * child never returns into the JVM's code: after the body it flushes C stdio and calls _exit(0),
 * as exit(3) ends a C program; an exception prints its stack trace on fd 2 and exits with 1.
 *
 * <p>The parent reads the output as it comes (a full pipe or tty would block the child), reaps the
 * cell's process and any of its children that outlive it (the JVM is their subreaper meanwhile),
 * and waits until the whole process group is gone. After the timeout (or an interrupt) it sends
 * SIGTERM to the group, then SIGKILL. {@link ProcessCap} caps the number of processes.
 * Runs are serialized (one at a time in the JVM): the subreaper flag and the fork() count are
 * per process.
 */
public final class ForkRunner {
    static {
        JitSwitch.available(); // initialised in the parent: a child must not load classes
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_PROCS = 64;
    /** How long processes get between SIGTERM and SIGKILL. */
    static final Duration GRACE = Duration.ofMillis(500);
    /** How often the parent looks for forked JVMs stuck for good ({@link StuckJvm}). */
    static final Duration STUCK_CHECK = Duration.ofMillis(250);

    private static final ReentrantLock RUNNING = new ReentrantLock();

    private final Duration timeout;
    private final int maxProcs;
    private final BooleanSupplier interrupted;
    private final boolean allowCgroup;

    public ForkRunner() {
        this(DEFAULT_TIMEOUT, DEFAULT_MAX_PROCS, () -> false);
    }

    /** interrupted: polled while waiting; true ends the run as a timeout does. */
    public ForkRunner(Duration timeout, int maxProcs, BooleanSupplier interrupted) {
        this(timeout, maxProcs, interrupted, true);
    }

    /** allowCgroup false forces the fork() count cap (to test it where a cgroup is available). */
    ForkRunner(Duration timeout, int maxProcs, BooleanSupplier interrupted, boolean allowCgroup) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        this.timeout = timeout;
        this.maxProcs = maxProcs;
        this.interrupted = interrupted;
        this.allowCgroup = allowCgroup;
    }

    // What the child runs must not load classes (see above): load it all here, in the parent.
    private static final PrintStream CHILD_OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    private static final PrintStream CHILD_ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true);

    static {
        stackTrace(new Exception("warm-up"));
        C.isatty(0);   // loads the facade, which warms the JNA paths the body is likely to take
        Signals.name(SIGKILL);
        // what short cell code commonly reaches for
        String.format("%d %s %.2f %x", 1, "s", 1.0, 255);
        for (Class<?> c : List.of(IllegalStateException.class, IllegalArgumentException.class,
                UnsupportedOperationException.class, ArithmeticException.class, NumberFormatException.class,
                ArrayIndexOutOfBoundsException.class, StringIndexOutOfBoundsException.class, NullPointerException.class)) {
            c.getName();
        }
    }

    /**
     * Runs body in a forked child. A child that got stuck in the JVM before printing anything
     * (a lock another thread held at the moment of fork) is run again, up to {@link JvmProcess#ATTEMPTS}
     * times in all: the moment of fork decides it, not the code, and a second fork rarely meets it.
     */
    public ForkResult run(StdoutMode mode, Runnable body) {
        return retryingStuck(() -> start(mode, body, null));
    }

    private ForkResult retryingStuck(Supplier<ForkResult> fork) {
        return JvmProcess.retryingStuck(attempt -> {
            ForkResult r = fork.get();
            if (attempt == 1) return r;
            List<String> notes = new ArrayList<>(r.notes());
            notes.add(0, "attempt " + attempt + ": the previous fork got stuck in the JVM before printing anything");
            return new ForkResult(r.mode(), r.pid(), r.output(), r.processes(), r.wall(),
                    r.timedOut(), r.stuck(), r.forksRefused(), List.copyOf(notes));
        }, r -> r.stuck() && r.output().isEmpty() && !interrupted.getAsBoolean());
    }

    /**
     * Runs a program (argv[0] is its path) in the child with execv, on fds 0-2 only (the others are
     * closed), with the signal mask cleared and every signal at its default action: what a shell
     * gives a program, so that for instance SIGPIPE kills it, as the JVM's own handler does not.
     * Until execv the child is a copy of the JVM, which may get stuck as any other: run again then.
     */
    public ForkResult exec(StdoutMode mode, List<String> argv) {
        return retryingStuck(() -> start(mode, null, argv));
    }

    private ForkResult start(StdoutMode mode, Runnable body, List<String> argv) {
        // built before fork: the child only calls execv
        Memory path = argv == null ? null : C.cString(argv.get(0));
        StringArray args = argv == null ? null : new StringArray(argv.toArray(String[]::new), "UTF-8");
        Memory sigset = new Memory(Signals.SIGSET_SIZE);
        sigset.clear();
        List<String> notes = new ArrayList<>();
        RUNNING.lock();   // one run at a time: the subreaper flag and the fork() count are process-wide
        try (ChildOutput out = ChildOutput.open(mode); ProcessCap cap = ProcessCap.create(maxProcs, allowCgroup);
             Subreaper reaping = new Subreaper()) {
            JvmProcess.awaitOthersAsleep();   // here, so that the run's time starts at fork (JvmFork's wait is then short)
            cap.beforeFork();
            long t0 = System.nanoTime();
            int pid;
            try {
                pid = JvmFork.fork(0, false, () -> child(out, cap, body, path, args, sigset));
            } finally {
                cap.afterFork();
            }
            out.parentAfterFork();
            if (argv != null && !cap.capsExec()) {
                notes.add("no writable pids cgroup here: --max-procs cannot cap the forks of a C program, only --timeout bounds it");
            }
            return parent(mode, pid, t0, out, cap, notes);
        } finally {
            RUNNING.unlock();
        }
    }

    /** The forked child's body: returns its exit status, unless it executes a program. */
    private static int child(ChildOutput out, ProcessCap cap, Runnable body, Memory path, StringArray argv, Memory sigset) {
        int status = 0;
        try {
            out.install();
            boolean capped = cap.enterInChild();
            // The JVM's handlers for these would only queue the signal for a thread that does not
            // exist here: default actions, so that kill and the runner's SIGTERM end the process.
            for (int sig : new int[] {SIGTERM, SIGINT, SIGHUP}) LibC.signal(sig, SIG_DFL);
            if (!capped) C.dprintf(2, "%s\n", "syslab: could not enter the pids cgroup: --max-procs is not enforced");
            if (path != null) {
                exec(path, argv, sigset);
            }
            out.setUpStdout();
            System.setOut(CHILD_OUT);
            System.setErr(CHILD_ERR);
            body.run();
        } catch (Throwable t) {
            byte[] trace = stackTrace(t).getBytes(StandardCharsets.UTF_8);
            LibC.write(2, trace, trace.length);
            status = 1;
        }
        CHILD_OUT.flush();
        return status;
    }

    private static void exec(Memory path, StringArray argv, Memory emptySet) {
        if (LibC.syscall(Syscalls.SYS_close_range, 3, Integer.toUnsignedLong(-1), 0) < 0) {
            long[] rl = new long[2];
            LibC.getrlimit(RLIMIT_NOFILE, rl);
            for (int fd = 3; fd < Math.min(rl[0], 65536); fd++) LibC.close(fd);
        }
        LibC.sigprocmask(SIG_SETMASK, emptySet, null);
        for (int sig = 1; sig < 32; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) LibC.signal(sig, SIG_DFL);
        }
        LibC.execv(path, argv);
        int errno = Native.getLastError();
        C.dprintf(2, "exec %s: %s\n", path.getString(0, "UTF-8"), new ErrnoException("execv", errno).getMessage());
        LibC._exit(127);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private ForkResult parent(StdoutMode mode, int pid, long t0, ChildOutput out, ProcessCap cap, List<String> notes) {
        Reaper reaper = new Reaper(pid, t0);
        reaper.start();
        try {
            return watch(mode, pid, t0, out, cap, notes, reaper);
        } catch (RuntimeException | Error e) { // whatever went wrong here, the group must not run on
            kill(pid, cap, SIGKILL);
            reaper.await(2000);
            if (!reaper.done.isDone()) reaper.abandon();
            throw e;
        }
    }

    private ForkResult watch(StdoutMode mode, int pid, long t0, ChildOutput out, ProcessCap cap, List<String> notes,
                             Reaper reaper) {
        long deadline = t0 + timeout.toNanos();
        long nextStuckCheck = t0 + STUCK_CHECK.toNanos();
        boolean timedOut = false, stopped = false, stuck = false;
        // read while anything may still write; then wait for the rest of the group
        while (!reaper.done.isDone() || !out.eof()) {
            if (reaper.done.isDone()) {
                out.drain();   // the group is gone; what is left in the pipe was written before
                break;
            }
            if (System.nanoTime() > deadline) {
                timedOut = true;
                break;
            }
            if (interrupted.getAsBoolean()) {
                stopped = true;
                break;
            }
            if (System.nanoTime() > nextStuckCheck) {
                List<Integer> stuckPids = StuckJvm.inGroup(pid);
                if (!stuckPids.isEmpty()) {
                    notes.add("process" + (stuckPids.size() == 1 ? " " : "es ") + stuckPids.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " stuck inside the JVM: " + StuckJvm.HELP);
                    stuck = true;
                    break;
                }
                nextStuckCheck = System.nanoTime() + STUCK_CHECK.toNanos();
            }
            if (out.eof()) reaper.await(50);
            else out.pump(50);
        }
        if (timedOut || stopped || stuck) {
            notes.add((timedOut ? "timed out after " + seconds(timeout) : stopped ? "interrupted" : "stuck")
                + ": killed process group " + pid + " (SIGTERM, then SIGKILL after " + GRACE.toMillis() + " ms)");
            cap.refuseForks();
            kill(pid, cap, SIGTERM);
            long graceEnd = System.nanoTime() + GRACE.toNanos();
            while (!reaper.done.isDone() && System.nanoTime() < graceEnd) {
                if (out.eof()) reaper.await(20);
                else out.pump(20);
            }
            if (!reaper.done.isDone()) {
                kill(pid, cap, SIGKILL);
                reaper.await(2000);
            }
            if (!reaper.done.isDone()) {
                notes.add("processes of group " + pid + " would not die; stopped waiting for them");
                reaper.abandon();
            }
            out.drain();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        reaper.finish();
        int refused = cap.refused();
        if (refused > 0) {
            notes.add("process cap reached (--max-procs=" + cap.max + ", " + cap.mechanism() + "): fork() failed "
                + refused + " time" + (refused == 1 ? "" : "s") + " with EAGAIN");
        }
        String text = out.text();
        if (out.truncated()) notes.add("output truncated to its first " + ChildOutput.LIMIT / 1024 + " KiB");
        return new ForkResult(mode, pid, text, reaper.ends(), wall, timedOut, stuck, refused, List.copyOf(notes));
    }

    private static void kill(int pgid, ProcessCap cap, int sig) {
        LibC.killpg(pgid, sig);
        for (int member : cap.members()) LibC.kill(member, sig);   // also those that left the group
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /**
     * Reaps the process group with wait4(-pgid): the cell's process, then its orphans (re-parented
     * to the JVM, the subreaper), until no child of the JVM is left in the group (ECHILD). Blocks in
     * wait4, so it has a thread of its own; the runner's kills end the wait.
     */
    private static final class Reaper extends Thread {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final int pgid;
        private final long t0;
        private final List<ProcessEnd> ends = Collections.synchronizedList(new ArrayList<>());
        private volatile int tid;
        private volatile boolean abandoned;

        Reaper(int pgid, long t0) {
            super("syslab-reaper-" + pgid);
            setDaemon(true);
            this.pgid = pgid;
            this.t0 = t0;
        }

        @Override
        public void run() {
            tid = C.gettid();
            int[] status = new int[1];
            long[] usage = new long[Rusage.LONGS];
            while (!abandoned) {
                int r = LibC.wait4(-pgid, status, 0, usage);
                if (r > 0) {
                    ends.add(new ProcessEnd(r, status[0], Duration.ofNanos(System.nanoTime() - t0), Rusage.decode(usage)));
                } else if (Native.getLastError() != EINTR) {
                    break;   // ECHILD: the group has no process left that the JVM could reap
                }
            }
            done.complete(null);
        }

        void await(int ms) {
            try {
                done.get(ms, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still waiting: the caller decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Stops waiting: wakes the thread out of wait4 with EINTR and lets it end. */
        void abandon() {
            abandoned = true;
            while (tid == 0 && isAlive()) Thread.onSpinWait();
            if (isAlive()) Signals.wakeup(tid);
            await(1000);
        }

        /** Lets the thread end (it has, or is about to once done), so that no run leaves a thread behind. */
        void finish() {
            try {
                join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        List<ProcessEnd> ends() {
            synchronized (ends) {
                return List.copyOf(ends);
            }
        }
    }
}
