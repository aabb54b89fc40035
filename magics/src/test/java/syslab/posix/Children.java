package syslab.posix;

import java.util.concurrent.TimeUnit;

/** Forks a child that runs a short body and never returns into the test JVM. */
final class Children {
    private Children() { }

    /** Exit status 0 if the body returned, 1 if it threw. */
    static int spawn(Runnable body) {
        int pid = C.fork();
        if (pid == 0) {
            int code = 0;
            try {
                body.run();
            } catch (Throwable t) {
                code = 1;
            }
            C.exit(code);
        }
        return pid;
    }

    /** waitpid with a deadline (polls WNOHANG), killing the child if it is not done in time. */
    static int waitFor(int pid) {
        int[] status = new int[1];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (C.waitpid(pid, status, C.WNOHANG) == 0) {
            if (System.nanoTime() > deadline) {
                LibC.kill(pid, C.SIGKILL);
                C.waitpid(pid, status, 0);
                throw new AssertionError("child " + pid + " did not end within 10 s");
            }
            C.usleep(1000);
        }
        return status[0];
    }
}
