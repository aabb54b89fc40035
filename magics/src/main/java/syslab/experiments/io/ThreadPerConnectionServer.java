package syslab.experiments.io;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Echo server with blocking IO and one thread per connection: an acceptor thread blocks in accept(2)
 * and starts a thread per connection that blocks in read(2). No multiplexing: the kernel's scheduler
 * picks the thread whose socket has data.
 */
final class ThreadPerConnectionServer extends EchoServer {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Fds conns = new Fds();
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    private int listenFd;

    ThreadPerConnectionServer(int payload) {
        super(payload);
    }

    @Override
    void start(int listenFd) {
        this.listenFd = listenFd;
        Thread acceptor = daemon("echo acceptor", () -> guarded(this::acceptLoop));
        threads.add(acceptor);
        acceptor.start();
    }

    private void acceptLoop() {
        while (true) {
            int fd = LibC.accept(listenFd, null, null);
            calls.incrementAndGet();
            if (fd < 0) {
                int errno = Native.getLastError();
                if (errno == LibC.EINTR) continue;
                if (errno == LibC.EINVAL) return;  // close() shut the listening socket down
                throw new ErrnoException("accept(fd=" + listenFd + ")", errno);
            }
            synchronized (conns) {
                conns.add(fd);
            }
            Thread handler = daemon("echo fd " + fd, () -> guarded(() -> serve(fd)));
            threads.add(handler);
            handler.start();
        }
    }

    /** Echoes until the client closes; the fd is closed by close(), after this thread has ended. */
    private void serve(int fd) {
        Memory buf = new Memory(Math.max(payload, 4096));
        CallCount mine = new CallCount();
        try {
            while (echoOnce(fd, buf, mine)) { }
        } finally {
            calls.addAndGet(mine.n);
        }
    }

    @Override
    long syscalls() {
        return calls.get();
    }

    @Override
    List<Thread> threads() {
        return threads;
    }

    @Override
    public void close() {
        LibC.shutdown(listenFd, LibC.SHUT_RDWR);  // wakes the acceptor: accept fails with EINVAL
        synchronized (conns) {
            // Any handler still blocked in read sees end of file; the fds stay open until it has ended.
            conns.forEach(fd -> LibC.shutdown(fd, LibC.SHUT_RDWR));
        }
        if (joinAll(threads)) {
            synchronized (conns) {
                conns.close();
            }
        }
    }
}
