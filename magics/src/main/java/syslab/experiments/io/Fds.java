package syslab.experiments.io;

import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.ErrnoException;
import syslab.posix.Jni;
import syslab.posix.LibC;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The file descriptors an experiment opened, so that every one is closed when it ends, however it
 * ends (an exception, an interrupt). Opening goes through here; closing early too.
 */
final class Fds implements AutoCloseable {
    /**
     * epoll_wait with no timeout, 0 ready when a signal cut it short (the caller loops). The echo
     * servers' calls go through Jni, as C's call libc: JNA's 0.1 to 0.2 us a call would be the JVM's.
     */
    static int epollWait(int ep, EpollEvents events) {
        int r = Jni.epoll_wait(ep, events, events.capacity(), -1);
        if (r == -LibC.EINTR) return 0;
        if (r < 0) throw new ErrnoException("epoll_wait(epfd=" + ep + ")", -r);
        return r;
    }

    private final Set<Integer> open = new LinkedHashSet<>();

    /** Records an fd opened elsewhere; returns it. */
    int add(int fd) {
        open.add(fd);
        return fd;
    }

    /** socketpair(AF_UNIX, SOCK_STREAM | flags): both ends recorded, returned in sv. */
    int[] socketpair(int flags) {
        int[] sv = new int[2];
        C.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | flags, 0, sv);
        add(sv[0]);
        add(sv[1]);
        return sv;
    }

    /** fcntl(fd, F_DUPFD, min) then close(fd): moves fd to the lowest free number >= min. */
    int moveAtOrAbove(int fd, int min) {
        int moved = add(C.fcntl(fd, LibC.F_DUPFD, min));
        close(fd);
        return moved;
    }

    void close(int fd) {
        if (open.remove(fd)) C.close(fd);
    }

    void forEach(java.util.function.IntConsumer action) {
        for (int fd : open) action.accept(fd);
    }

    int count() {
        return open.size();
    }

    @Override
    public void close() {
        for (int fd : open) LibC.close(fd);
        open.clear();
    }
}
