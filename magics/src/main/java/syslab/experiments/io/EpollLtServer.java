package syslab.experiments.io;

import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.LibC;

/** Echo server on level-triggered epoll with blocking connections: read what is there, write it back. */
final class EpollLtServer extends EventLoopServer {
    EpollLtServer(int payload) {
        super(payload);
    }

    @Override
    protected void loop() {
        int ep = conns.add(C.epoll_create1(LibC.EPOLL_CLOEXEC));
        C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, stopFd, LibC.EPOLLIN);
        C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, listenFd, LibC.EPOLLIN);
        EpollEvents events = new EpollEvents(256);
        while (true) {
            calls.n++;
            int n = Fds.epollWait(ep, events);
            for (int i = 0; i < n; i++) {
                int fd = events.fd(i);
                if (fd == stopFd) return;
                if (fd == listenFd) {
                    for (int c; (c = acceptOne()) >= 0; calls.n++) C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, c, LibC.EPOLLIN);
                } else if (!echoOnce(fd, buf, calls)) {
                    conns.close(fd);  // closing the last reference removes it from the interest list
                }
            }
        }
    }
}
