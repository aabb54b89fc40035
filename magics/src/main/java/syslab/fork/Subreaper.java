package syslab.fork;

import syslab.posix.C;

import static syslab.posix.Constants.PR_SET_CHILD_SUBREAPER;

/**
 * Makes the JVM the "subreaper" of the processes it forks while a run is going on
 * (PR_SET_CHILD_SUBREAPER): when a forked cell's process exits before its own children, they are
 * re-parented to the JVM instead of init, so the runner can reap them and report how they ended.
 * Only during a run: otherwise orphans of programs started by other means (ProcessBuilder,
 * %%bash) would come to the JVM too, and nobody would reap them.
 */
final class Subreaper implements AutoCloseable {
    Subreaper() {
        C.prctl(PR_SET_CHILD_SUBREAPER, 1);
    }

    @Override
    public void close() {
        C.prctl(PR_SET_CHILD_SUBREAPER, 0);
    }
}
