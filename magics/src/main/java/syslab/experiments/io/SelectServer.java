package syslab.experiments.io;

import syslab.posix.LibC;

/**
 * Echo server on select(2): the classic loop that copies its fd_set before each call and then tests
 * every fd up to the highest. It cannot watch an fd numbered FD_SETSIZE or more, and says so.
 */
final class SelectServer extends EventLoopServer {
    SelectServer(int payload) {
        super(payload);
    }

    @Override
    protected void loop() {
        long[] all = new long[LibC.FD_SETSIZE / 64];
        long[] ready = new long[all.length];
        watch(all, stopFd);
        watch(all, listenFd);
        int maxFd = Math.max(stopFd, listenFd);
        while (true) {
            System.arraycopy(all, 0, ready, 0, all.length);
            calls.n++;
            if (LibC.select(maxFd + 1, ready, null, null, null) < 0) {
                unlessInterrupted("select(nfds=" + (maxFd + 1) + ")");
                continue;
            }
            if (isSet(ready, stopFd)) return;
            if (isSet(ready, listenFd)) {
                for (int fd; (fd = acceptOne()) >= 0; ) {
                    watch(all, fd);
                    maxFd = Math.max(maxFd, fd);
                }
            }
            for (int fd = 0; fd <= maxFd; fd++) {
                if (fd == stopFd || fd == listenFd || !isSet(ready, fd)) continue;
                if (!echoOnce(fd, buf, calls)) {
                    all[fd >> 6] &= ~(1L << (fd & 63));
                    conns.close(fd);
                }
            }
        }
    }

    private static void watch(long[] set, int fd) {
        if (fd >= LibC.FD_SETSIZE) {
            throw new IllegalStateException("refused: select cannot watch fd " + fd + " (its fd_set has FD_SETSIZE = "
                + LibC.FD_SETSIZE + " bits); the connection was accepted but cannot be served");
        }
        set[fd >> 6] |= 1L << (fd & 63);
    }

    private static boolean isSet(long[] set, int fd) {
        return (set[fd >> 6] & 1L << (fd & 63)) != 0;
    }
}
