package syslab.experiments.io;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import syslab.posix.C;
import syslab.posix.JvmFork;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;

import java.util.ArrayList;
import java.util.List;

/**
 * Child processes an experiment forks, all in one process group so that one killpg ends them.
 * A child runs in a copy of the JVM where only the forking thread exists, so its body must stay
 * short and native (LibC calls on memory allocated before the fork) and end with {@code _exit}.
 * {@link #close()} kills the group and reaps every child within a deadline.
 */
final class ChildGroup implements AutoCloseable {
    private static final long REAP_DEADLINE_NANOS = 5_000_000_000L;

    private final List<Integer> pids = new ArrayList<>();
    private final int[] lifeline = new int[2];
    private final Memory byteBuf = new Memory(1);
    private int pgid;
    private boolean closed;

    ChildGroup() {
        // Children block reading the lifeline; EOF (the JVM died) ends them even if killpg never comes.
        C.pipe2(lifeline, LibC.O_CLOEXEC);
        // Resolve here, in the parent, the classes a child's code names: resolving one in the child
        // may wait for a lock that another JVM thread held at the fork, and that thread is not there.
        Native.getLastError();
        LibC.getpid();
        LibC.getppid();
        LibC.prctl(-1, 0, 0, 0, 0);
    }

    /** The body a child runs; it must end the process with LibC._exit. */
    interface Body {
        void run();
    }

    /** Forks a child into the group that runs {@code body}; returns its pid. */
    int fork(Body body) {
        int pid = JvmFork.fork(pgid, true, () -> {
            LibC.close(lifeline[1]);
            body.run();
            return 127;  // a body that returns is a bug
        });
        if (pgid == 0) pgid = pid;
        pids.add(pid);
        return pid;
    }

    /** A child body: hold everything inherited open until killed (or the parent is gone), then exit. */
    void holdUntilKilled() {
        while (LibC.read(lifeline[0], byteBuf, 1) < 0 && Native.getLastError() == LibC.EINTR) { }
        LibC._exit(0);
    }

    /**
     * Whether a child is stuck for good inside its copy of the JVM ({@link JvmProcess#isStuckForGood}):
     * it will never run its body, so a measurement that counts on it must fork again.
     */
    boolean anyStuckInJvm() {
        return pids.stream().anyMatch(JvmProcess::isStuckForGood);
    }

    List<Integer> pids() {
        return List.copyOf(pids);
    }

    int pgid() {
        return pgid;
    }

    /** Kills the whole group with SIGKILL and reaps each child; never waits longer than the deadline. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (pgid != 0) LibC.killpg(pgid, LibC.SIGKILL);
        long deadline = System.nanoTime() + REAP_DEADLINE_NANOS;
        int[] status = new int[1];
        for (int pid : pids) {
            while (LibC.waitpid(pid, status, LibC.WNOHANG) == 0 && System.nanoTime() < deadline) {
                LibC.kill(pid, LibC.SIGKILL);  // in case it died before joining the group
                LibC.usleep(1000);
            }
        }
        pids.clear();
        LibC.close(lifeline[0]);
        LibC.close(lifeline[1]);
    }
}
