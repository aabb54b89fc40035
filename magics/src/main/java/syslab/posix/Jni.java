package syslab.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;

/**
 * The few libc calls that experiments time in tight loops, bound by JNI (src/main/c/syslab_jni.c)
 * rather than JNA: about 0.01 us a call instead of JNA's 0.1 to 0.2 us, which next to a 0.5 us
 * epoll_wait or a 3 us chunk through shared memory is the difference between measuring the kernel
 * and measuring JNA. Everything else goes through {@link LibC}.
 *
 * <p>Same names and arguments as libc, pointers as addresses ({@link #address}); a failure returns
 * -errno instead of -1 (see {@link #check}). The natives are registered when the library loads and
 * are called here until warm (see {@link #warmUp}), so that a forked child finds everything made.
 */
public final class Jni {
    private Jni() { }

    private static final String LIBRARY = "/syslab/posix/libsyslab-jni.so";

    static {
        try {
            File lib = Native.extractFromResourcePath(LIBRARY, Jni.class.getClassLoader());
            System.load(lib.getAbsolutePath());
            // Out of a jar, JNA copied it to a temporary file that only a normal JVM exit deletes; once
            // loaded it can go at once, so that a killed kernel leaves nothing behind.
            if ("jar".equals(Jni.class.getResource(LIBRARY).getProtocol())) Files.deleteIfExists(lib.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("syslab's JNI library is missing from the build (gcc compiles it with the magics module)", e);
        }
        warmUp();
    }

    public static native int epoll_wait(int epfd, long events, int maxevents, int timeout);
    public static native int poll(long fds, long nfds, int timeout);
    /** fd_sets and the struct timeval by address; 0 for none. */
    public static native int select(int nfds, long readfds, long writefds, long exceptfds, long timeout);
    public static native int sem_post(long sem);
    public static native int sem_wait(long sem);
    public static native void memcpy(long dest, long src, long n);
    public static native long read(int fd, long buf, long count);
    public static native long write(int fd, long buf, long count);
    public static native int kill(int pid, int sig);
    /** set: a sigset_t; info: a siginfo_t or 0; timeout: a struct timespec or 0 (wait for good). */
    public static native int sigtimedwait(long set, long info, long timeout);

    /**
     * JVMTI's StopThread: throws {@code exception} in {@code thread} wherever it is in Java code, as
     * Thread.stop did before JDK 20 made it throw. Returns the JVMTI error code, 0 for none (e.g.
     * 13 THREAD_NOT_ALIVE); the kernel uses it to end a cell that never checks for interrupts.
     */
    public static native int stopThread(Thread thread, Throwable exception);

    /**
     * p's address. Native code may use it only while p stays reachable: once the collector finds a
     * JNA Memory unreachable it frees it, even with a call still writing into it. So keep p in use
     * past the last call ({@link Reference#reachabilityFence}), or call the overloads below, which do.
     */
    public static long address(Pointer p) { return Pointer.nativeValue(p); }

    public static int epoll_wait(int epfd, EpollEvents events, int maxevents, int timeout) {
        try {
            return epoll_wait(epfd, events.address(), maxevents, timeout);
        } finally {
            Reference.reachabilityFence(events);
        }
    }

    public static int poll(PollFds fds, int nfds, int timeout) {
        try {
            return poll(fds.address(), nfds, timeout);
        } finally {
            Reference.reachabilityFence(fds);
        }
    }

    /** select with a read set only. */
    public static int select(int nfds, Pointer readfds, Pointer timeout) {
        try {
            return select(nfds, address(readfds), 0, 0, address(timeout));
        } finally {
            Reference.reachabilityFence(readfds);
            Reference.reachabilityFence(timeout);
        }
    }

    /** r itself, or an {@link ErrnoException} named after the call when r is -errno. */
    public static int check(int r, String call) {
        if (r < 0) throw new ErrnoException(call, -r);
        return r;
    }

    /** r itself, or an {@link ErrnoException} named after the call when r is -errno. */
    public static long check(long r, String call) {
        if (r < 0) throw new ErrnoException(call, (int) -r);
        return r;
    }

    /** More calls than HotSpot needs before it makes a native's compiled wrapper. */
    private static final int WARM_CALLS = 5000;

    /**
     * Each native, harmlessly (a bad fd, nothing to copy or read, a private semaphore), until HotSpot has
     * made what it makes lazily for it: a compiled wrapper after a few hundred calls, under a lock
     * that another JVM thread may hold at the moment of a fork, and so forever in the child.
     */
    private static void warmUp() {
        try (Memory zeroTimeval = new Memory(16); Memory sem = new Memory(C.SEM_T_SIZE);
             Memory emptySet = new Memory(Signals.SIGSET_SIZE)) {
            zeroTimeval.clear();  // a zero struct timespec too
            LibC.sigemptyset(emptySet);
            long empty = address(emptySet);
            int self = (int) ProcessHandle.current().pid();
            C.sem_init(sem, 0, 0);
            long s = address(sem), tv = address(zeroTimeval);
            for (int i = 0; i < WARM_CALLS; i++) {
                epoll_wait(-1, 0, 1, 0);
                poll(0, 0, 0);
                select(0, 0, 0, 0, tv);
                memcpy(tv, tv + 8, 8);
                read(-1, tv, 0);
                write(-1, tv, 0);
                sem_post(s);
                sem_wait(s);
                kill(self, 0);  // signal 0: nothing sent
                sigtimedwait(empty, 0, tv);  // EAGAIN at once: no signal in an empty set
            }
            C.sem_destroy(sem);
        }
    }
}
