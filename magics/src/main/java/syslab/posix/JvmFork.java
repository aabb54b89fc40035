package syslab.posix;

import java.nio.charset.StandardCharsets;

import static syslab.posix.Constants.PR_SET_PDEATHSIG;
import static syslab.posix.Constants.SIGKILL;

/**
 * The one way SysLab forks this JVM to run a short body in the child ({@code %%fork}, the tracee of
 * {@code %strace}, the experiments' children): {@link C#fork} (a quiet JVM, the JIT off in the child),
 * the child in a process group of its own or a given one, optionally killed with the forking thread,
 * and never returning into the JVM's code. Only the forking thread exists in the child: the body
 * stays short and native, on memory allocated before the fork.
 */
public final class JvmFork {
    private JvmFork() { }

    static {
        // What the child runs before the body, run here first (harmlessly: EINVAL, ESRCH): a child
        // must not be the first to load or link anything, another JVM thread may hold the lock.
        LibC.setpgid(-1, 0);
        LibC.prctl(-1, 0, 0, 0, 0);
        LibC.getppid();
        describe(new IllegalStateException("warm-up")).getBytes(StandardCharsets.UTF_8);
    }

    /** What the child runs; returns its exit status. */
    @FunctionalInterface
    public interface Body {
        int run() throws Throwable;
    }

    /** Exit status of a child whose body threw (after the exception is written on fd 2), or whose parent was gone. */
    public static final int FAILED = 1;

    /**
     * Forks a child into process group {@code pgid} (0: a new group the child leads) that runs
     * {@code body} and _exits with its status. With {@code dieWithParent} the child gets SIGKILL
     * when the forking thread ends (PR_SET_PDEATHSIG), and does not run at all if the parent is
     * already gone. Returns the child's pid; both sides set the group, so it is set whichever runs first.
     */
    public static int fork(int pgid, boolean dieWithParent, Body body) {
        int parent = LibC.getpid();
        LibC.fflush(null);  // else the child would inherit, and print again, unflushed C stdio
        int pid = C.fork();
        if (pid == 0) {
            LibC._exit(child(parent, pgid, dieWithParent, body));
        }
        LibC.setpgid(pid, pgid == 0 ? pid : pgid);
        return pid;
    }

    private static int child(int parent, int pgid, boolean dieWithParent, Body body) {
        int status;
        try {
            LibC.setpgid(0, pgid);
            if (dieWithParent) {
                LibC.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
                // the parent may have died before prctl: then nobody would kill this child
                if (LibC.getppid() != parent) return FAILED;
            }
            status = body.run();
        } catch (Throwable t) {
            byte[] message = describe(t).getBytes(StandardCharsets.UTF_8);
            LibC.write(2, message, message.length);
            status = FAILED;
        }
        LibC.fflush(null);
        return status;
    }

    /** The exception and its first five frames: enough to find the line, short enough to read. */
    public static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString()).append('\n');
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(5, frames.length); i++) {
            s.append("\tat ").append(frames[i]).append('\n');
        }
        return s.toString();
    }
}
