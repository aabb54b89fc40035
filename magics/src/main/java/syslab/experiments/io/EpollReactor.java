package syslab.experiments.io;

import com.sun.jna.Memory;
import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.ErrnoException;
import syslab.posix.Jni;
import syslab.posix.LibC;

/**
 * The notes' epoll reactor: edge-triggered, non-blocking connections, and interest that alternates.
 * A connection waits for input; when it comes the reactor reads until EAGAIN, switches the
 * connection's interest to output (EPOLL_CTL_MOD; the notes take it off the tree and put it back,
 * which is the same with two calls), writes when the socket is writable, and switches back to input.
 */
final class EpollReactor extends EventLoopServer {
    /** Per connection, indexed by fd: the bytes read and not yet written back. */
    private Memory[] pending = new Memory[0];
    private int[] filled = new int[0];
    private int[] written = new int[0];
    private int ep;
    /** The struct each interest change passes to epoll_ctl, reused: two changes per request. */
    private final EpollEvents change = new EpollEvents(1);

    EpollReactor(int payload) {
        super(payload);
    }

    @Override
    protected void loop() {
        ep = conns.add(C.epoll_create1(LibC.EPOLL_CLOEXEC));
        C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, stopFd, LibC.EPOLLIN);
        C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, listenFd, LibC.EPOLLIN | LibC.EPOLLET);
        EpollEvents events = new EpollEvents(256);
        while (true) {
            calls.n++;
            int n = Fds.epollWait(ep, events);
            for (int i = 0; i < n; i++) {
                int fd = events.fd(i);
                int ev = events.events(i);
                if (fd == stopFd) return;
                if (fd == listenFd) {
                    acceptAll();
                } else if ((ev & LibC.EPOLLOUT) != 0) {
                    onWritable(fd);
                } else {
                    onReadable(fd);
                }
            }
        }
    }

    private void acceptAll() {
        for (int fd; (fd = acceptOne()) >= 0; ) {
            C.fcntl(fd, LibC.F_SETFL, C.fcntl(fd, LibC.F_GETFL) | LibC.O_NONBLOCK);
            calls.n += 3;  // the two fcntl and the epoll_ctl below
            if (fd >= pending.length) grow(fd + 1);
            pending[fd] = new Memory(buf.size());
            filled[fd] = 0;
            C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, fd, LibC.EPOLLIN | LibC.EPOLLET);
        }
    }

    /** Reads until EAGAIN (edge-triggered: there is no second notice), then waits to write it back. */
    private void onReadable(int fd) {
        Memory p = pending[fd];
        while (filled[fd] < p.size()) {
            long r = Jni.read(fd, Jni.address(p) + filled[fd], p.size() - filled[fd]);
            calls.n++;
            if (r > 0) {
                filled[fd] += (int) r;
                continue;
            }
            int errno = (int) -r;
            if (r < 0 && errno == LibC.EAGAIN) break;
            if (r == 0 || errno == LibC.ECONNRESET) {
                conns.close(fd);
                pending[fd] = null;
                return;
            }
            throw new ErrnoException("read(fd=" + fd + ")", errno);
        }
        if (filled[fd] > 0) {
            written[fd] = 0;
            C.epoll_ctl(ep, LibC.EPOLL_CTL_MOD, fd, change.set(0, LibC.EPOLLOUT | LibC.EPOLLET, fd));
            calls.n++;
        }
    }

    /** Writes what is pending; once all is written, waits for input again (MOD reports data already there). */
    private void onWritable(int fd) {
        Memory p = pending[fd];
        while (written[fd] < filled[fd]) {
            long w = Jni.write(fd, Jni.address(p) + written[fd], filled[fd] - written[fd]);
            calls.n++;
            if (w < 0) {
                int errno = (int) -w;
                if (errno == LibC.EAGAIN) return;  // the next EPOLLOUT edge continues
                throw new ErrnoException("write(fd=" + fd + ")", errno);
            }
            written[fd] += (int) w;
        }
        filled[fd] = 0;
        C.epoll_ctl(ep, LibC.EPOLL_CTL_MOD, fd, change.set(0, LibC.EPOLLIN | LibC.EPOLLET, fd));
        calls.n++;
    }

    private void grow(int size) {
        int n = Math.max(size, pending.length * 2);
        pending = java.util.Arrays.copyOf(pending, n);
        filled = java.util.Arrays.copyOf(filled, n);
        written = java.util.Arrays.copyOf(written, n);
    }
}
