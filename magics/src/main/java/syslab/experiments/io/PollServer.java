package syslab.experiments.io;

import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;
import syslab.posix.PollFds;

/** Echo server on poll(2): one pollfd per connection, the whole array handed to the kernel on every call. */
final class PollServer extends EventLoopServer {
    private final int maxConnections;

    PollServer(int payload, int maxConnections) {
        super(payload);
        this.maxConnections = maxConnections;
    }

    @Override
    protected void loop() {
        // Slots are never reused: each connection is accepted once, so stop, listen and one per connection
        // suffice. Free slots hold fd -1, which poll skips; all are taken once every client has connected.
        PollFds fds = new PollFds(maxConnections + 2).set(0, stopFd, LibC.POLLIN).set(1, listenFd, LibC.POLLIN);
        for (int i = 2; i < fds.length(); i++) fds.set(i, -1, 0);
        int used = 2;
        while (true) {
            calls.n++;
            try {
                C.poll(fds, -1);
            } catch (ErrnoException e) {
                if (e.errno() != LibC.EINTR) throw e;
                continue;
            }
            if (fds.revents(0) != 0) return;
            for (int i = 2; i < used; i++) {
                if (fds.revents(i) == 0) continue;
                int fd = fds.fd(i);
                if (!echoOnce(fd, buf, calls)) {
                    fds.set(i, -1, 0);  // poll skips negative fds
                    conns.close(fd);
                }
            }
            if (fds.revents(1) != 0) {
                for (int fd; (fd = acceptOne()) >= 0; ) {
                    if (used == fds.length()) throw new IllegalStateException("more connections than the " + maxConnections + " expected");
                    fds.set(used++, fd, LibC.POLLIN);
                }
            }
        }
    }
}
