package syslab.posix;

/**
 * A cap on the fork() calls that cell code makes through {@link C#fork}, for when no pids cgroup
 * can cap processes (RLIMIT_NPROC does not bind root). The tokens are bytes in a non-blocking pipe
 * shared by the whole process tree: reading one is atomic across processes, so each fork takes one
 * and an empty pipe means the cap is reached. Each refusal leaves a byte in a second pipe, which
 * the runner counts.
 */
public final class ForkLimit {
    private ForkLimit() { }

    private static int tokenFd = -1, refusalFd = -1, max;

    /** Installs the cap in this process; forked children inherit it. */
    public static void install(int tokenReadFd, int refusalWriteFd, int maxProcs) {
        tokenFd = tokenReadFd;
        refusalFd = refusalWriteFd;
        max = maxProcs;
    }

    public static void clear() {
        tokenFd = refusalFd = -1;
    }

    /** Takes a token, or throws EAGAIN (what fork(2) fails with at RLIMIT_NPROC) when none is left. */
    static void take() {
        if (tokenFd < 0) return;
        byte[] one = new byte[1];
        if (LibC.read(tokenFd, one, 1) == 1) return;
        LibC.write(refusalFd, one, 1);
        throw new ErrnoException("fork() [the cell may create at most " + max + " processes]", Constants.EAGAIN);
    }
}
