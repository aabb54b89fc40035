package syslab.experiments.io;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;

import java.util.List;

/**
 * An echo server that runs one event loop on one thread (select, poll, epoll). The loop also
 * watches an eventfd, written by {@link #close()}, that tells it to stop.
 */
abstract class EventLoopServer extends EchoServer {
    protected final Fds conns = new Fds();
    protected final Memory buf;
    /** Written by the loop's thread only; read after it has ended. */
    protected final CallCount calls = new CallCount();
    protected int listenFd;
    protected int stopFd;
    private Thread thread;

    EventLoopServer(int payload) {
        super(payload);
        buf = new Memory(Math.max(payload, 4096));
    }

    /** The loop: returns when stopFd becomes readable. */
    protected abstract void loop();

    @Override
    void start(int listenFd) {
        this.listenFd = listenFd;
        // accept until EAGAIN on each readiness, so a burst of connections costs one wakeup
        C.fcntl(listenFd, LibC.F_SETFL, C.fcntl(listenFd, LibC.F_GETFL) | LibC.O_NONBLOCK);
        stopFd = C.eventfd(0, LibC.EFD_CLOEXEC);
        thread = daemon("echo " + getClass().getSimpleName(), () -> guarded(this::loop));
        thread.start();
    }

    @Override
    List<Thread> threads() {
        return List.of(thread);
    }

    /** accept(2) on the non-blocking listening socket: a new connection's fd, or -1 when none is waiting. */
    protected int acceptOne() {
        int fd = LibC.accept(listenFd, null, null);
        calls.n++;
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EAGAIN || errno == LibC.EINTR) return -1;
            throw new ErrnoException("accept(fd=" + listenFd + ")", errno);
        }
        return conns.add(fd);
    }

    /** A wait call failed: EINTR (a signal) is retried by the loop, anything else ends it. */
    protected static void unlessInterrupted(String call) {
        int errno = Native.getLastError();
        if (errno != LibC.EINTR) throw new ErrnoException(call, errno);
    }

    @Override
    long syscalls() {
        return calls.n;
    }

    @Override
    public void close() {
        if (thread != null) {
            Memory one = new Memory(8);
            one.setLong(0, 1);
            LibC.write(stopFd, one, 8);
            if (joinAll(List.of(thread))) {  // a loop that did not stop may still use them; leave them to it
                conns.close();
                LibC.close(stopFd);
            }
        }
    }
}
