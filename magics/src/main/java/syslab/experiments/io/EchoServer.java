package syslab.experiments.io;

import com.sun.jna.Memory;
import syslab.posix.ErrnoException;
import syslab.posix.Jni;
import syslab.posix.LibC;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * An echo server on a listening socket it is given: it sends back every byte it reads, on each
 * connection, until the client closes. One subclass per IO model. The server runs on threads of its
 * own; {@link #close()} stops it, closes its connections and waits for its threads (bounded).
 */
abstract class EchoServer implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final long JOIN_MILLIS = 5000;

    protected final int payload;
    private volatile String failure;

    EchoServer(int payload) {
        this.payload = payload;
    }

    /** Starts serving connections on {@code listenFd}, which the caller owns and closes. */
    abstract void start(int listenFd);

    /** The threads that do the server's work, for its CPU time. */
    abstract List<Thread> threads();

    /**
     * Waits up to {@link #JOIN_MILLIS} in all for the threads to end; returns whether they all did.
     * An interrupt does not cut the wait short: close() runs because the cell was interrupted, and
     * a server whose threads had not ended yet kept its fds open. The interrupt is kept for the caller.
     */
    static boolean joinAll(List<Thread> threads) {
        long deadline = System.nanoTime() + JOIN_MILLIS * 1_000_000;
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive() && System.nanoTime() < deadline) {
                try {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /**
     * System calls the server made (waits, accepts, reads, writes, epoll_ctl, fcntl), counted by its
     * threads; read it after {@link #close()}.
     */
    abstract long syscalls();

    /** A thread's own count of its system calls. */
    static final class CallCount {
        long n;
    }

    /** CPU time used so far by the server's live threads. */
    long cpuNanos() {
        long sum = 0;
        for (Thread t : threads()) sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
        return sum;
    }

    /** Why the server stopped serving, or null while it serves. */
    String failure() {
        return failure;
    }

    /** Runs a server thread's body, keeping why it failed (a server thread has no caller to throw to). */
    protected void guarded(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            if (failure == null) failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    protected static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** Writes all n bytes of buf to a blocking socket. */
    protected static void writeAll(int fd, Memory buf, int n, CallCount calls) {
        for (int off = 0; off < n; ) {
            long w = Jni.write(fd, Jni.address(buf) + off, n - off);
            calls.n++;
            if (w < 0) throw new ErrnoException("write(fd=" + fd + ", count=" + (n - off) + ")", (int) -w);
            off += (int) w;
        }
        Reference.reachabilityFence(buf);
    }

    /** One blocking read and its echo; false at end of file (or a reset), when the connection is done. */
    protected static boolean echoOnce(int fd, Memory buf, CallCount calls) {
        long n = Jni.read(fd, Jni.address(buf), buf.size());
        Reference.reachabilityFence(buf);
        calls.n++;
        if (n == 0) return false;
        if (n < 0) {
            int errno = (int) -n;
            if (errno == LibC.ECONNRESET) return false;
            throw new ErrnoException("read(fd=" + fd + ")", errno);
        }
        writeAll(fd, buf, (int) n, calls);
        return true;
    }

    @Override
    public abstract void close();
}
