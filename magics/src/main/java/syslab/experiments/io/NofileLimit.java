package syslab.experiments.io;

import syslab.posix.C;
import syslab.posix.LibC;

/**
 * RLIMIT_NOFILE raised to its hard limit for an experiment that opens thousands of fds, and put
 * back as it was when closed.
 */
final class NofileLimit implements AutoCloseable {
    private final long[] saved = new long[2];

    NofileLimit() {
        C.getrlimit(LibC.RLIMIT_NOFILE, saved);
        if (saved[0] != saved[1]) C.setrlimit(LibC.RLIMIT_NOFILE, new long[] {saved[1], saved[1]});
    }

    /** The soft limit now in force: fds must be below it. */
    int soft() {
        long[] now = new long[2];
        C.getrlimit(LibC.RLIMIT_NOFILE, now);
        return (int) Math.min(Integer.MAX_VALUE, now[0] == LibC.RLIM_INFINITY ? Integer.MAX_VALUE : now[0]);
    }

    @Override
    public void close() {
        C.setrlimit(LibC.RLIMIT_NOFILE, saved);
    }
}
