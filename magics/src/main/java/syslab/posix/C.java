package syslab.posix;

import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * libc for notebook cells: {@code import static syslab.posix.C.*;} makes a Java cell read like the C
 * in the notes ({@code int pid = fork(); if (pid == 0) printf("child %d\n", getpid());}).
 * Every call that fails throws {@link ErrnoException} naming the call, its arguments and the errno.
 *
 * <p>Deviations from C, all for Java's sake: predicates ({@code isatty}, {@code WIFEXITED}) return
 * boolean; out-parameters are arrays ({@code int[] fd = new int[2]; pipe(fd);}); read and write
 * return int (cell code writes {@code int n = read(...)}). There is no {@code wait}: in JShell it
 * would be shadowed by {@code Object.wait}; use {@code waitpid(-1, status, 0)}.
 */
public final class C implements Constants {
    private C() { }

    static {
        // A forked JVM child must not load classes: defining one can need a VM operation, and the
        // VM thread does not exist in the child, so it would hang. Load (and run once) here, in the
        // parent, what the calls below use; JNA builds the printf proxy on first call.
        Stdio.INSTANCE.snprintf(new byte[16], 16, "%s%d%ld%f%p", "", 1, 1L, 1.0, Pointer.NULL);
        new ErrnoException("warm-up", EINTR).name();
        Signals.name(SIGSEGV);
        Rusage.decode(new long[Rusage.LONGS]);
    }

    /** The C stdio streams, for fflush, setvbuf, fprintf. */
    public static final Pointer stdin = LibC.stdin, stdout = LibC.stdout, stderr = LibC.stderr;

    // processes

    /** fork(2). */
    public static int fork() {
        int pid = LibC.fork();
        if (pid < 0) throw ErrnoException.last("fork()");
        return pid;
    }

    public static int waitpid(int pid, int[] wstatus, int options) {
        int r = LibC.waitpid(pid, wstatus, options);
        if (r < 0) throw ErrnoException.last("waitpid(" + pid + ")");
        return r;
    }

    public static boolean WIFEXITED(int status) { return (status & 0x7f) == 0; }
    public static int WEXITSTATUS(int status) { return (status >> 8) & 0xff; }
    public static boolean WIFSIGNALED(int status) { int t = status & 0x7f; return t != 0 && t != 0x7f; }
    public static int WTERMSIG(int status) { return status & 0x7f; }
    public static boolean WCOREDUMP(int status) { return (status & 0x80) != 0; }
    public static boolean WIFSTOPPED(int status) { return (status & 0xff) == 0x7f; }
    public static int WSTOPSIG(int status) { return WEXITSTATUS(status); }

    /**
     * What exit(3) does for a C program: flush C stdio, then end the process. libc's own exit() is
     * not used because in a JVM it would also run the JVM's atexit handlers.
     */
    public static void exit(int status) {
        LibC.fflush(null);
        LibC._exit(status);
    }

    public static void _exit(int status) { LibC._exit(status); }
    public static int getpid() { return LibC.getpid(); }
    public static int getppid() { return LibC.getppid(); }

    /** The calling thread's id (gettid(2)): the pid of a single-threaded process. */
    public static int gettid() { return (int) LibC.syscall(Syscalls.SYS_gettid, 0, 0, 0); }

    public static void kill(int pid, int sig) {
        if (LibC.kill(pid, sig) < 0) throw ErrnoException.last("kill(" + pid + ", " + Signals.name(sig) + ")");
    }

    public static void killpg(int pgrp, int sig) {
        if (LibC.killpg(pgrp, sig) < 0) throw ErrnoException.last("killpg(" + pgrp + ", " + Signals.name(sig) + ")");
    }

    public static void setpgid(int pid, int pgid) {
        if (LibC.setpgid(pid, pgid) < 0) throw ErrnoException.last("setpgid(" + pid + ", " + pgid + ")");
    }

    public static int getpgid(int pid) {
        int r = LibC.getpgid(pid);
        if (r < 0) throw ErrnoException.last("getpgid(" + pid + ")");
        return r;
    }

    public static int setsid() {
        int r = LibC.setsid();
        if (r < 0) throw ErrnoException.last("setsid()");
        return r;
    }

    public static int prctl(int option, long arg2) { return prctl(option, arg2, 0, 0, 0); }

    public static int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        int r = LibC.prctl(option, arg2, arg3, arg4, arg5);
        if (r < 0) throw ErrnoException.last("prctl(" + option + ", " + arg2 + ")");
        return r;
    }

    /** rlim = {rlim_cur, rlim_max}; RLIM_INFINITY is -1. */
    public static void getrlimit(int resource, long[] rlim) {
        if (LibC.getrlimit(resource, rlim) < 0) throw ErrnoException.last("getrlimit(" + resource + ")");
    }

    public static void setrlimit(int resource, long[] rlim) {
        if (LibC.setrlimit(resource, rlim) < 0) {
            throw ErrnoException.last("setrlimit(" + resource + ", {" + rlim[0] + ", " + rlim[1] + "})");
        }
    }

    /** getrusage(2) for RUSAGE_SELF, RUSAGE_CHILDREN or RUSAGE_THREAD. */
    public static Rusage getrusage(int who) {
        long[] r = new long[Rusage.LONGS];
        if (LibC.getrusage(who, r) < 0) throw ErrnoException.last("getrusage(" + who + ")");
        return Rusage.decode(r);
    }

    // file descriptors

    public static void pipe(int[] pipefd) {
        if (LibC.pipe(pipefd) < 0) throw ErrnoException.last("pipe()");
    }

    public static void pipe2(int[] pipefd, int flags) {
        if (LibC.pipe2(pipefd, flags) < 0) throw ErrnoException.last("pipe2(flags=" + flags + ")");
    }

    /** Returns the byte count, 0 at end of file. */
    public static int read(int fd, byte[] buf, int count) {
        if (count > buf.length) throw new IndexOutOfBoundsException("read: count " + count + " > buffer " + buf.length);
        long n = LibC.read(fd, buf, count);
        if (n < 0) throw ErrnoException.last("read(fd=" + fd + ", count=" + count + ")");
        return (int) n;
    }

    /** Reads into native memory (a {@code com.sun.jna.Memory}), without copying through the Java heap. */
    public static int read(int fd, Pointer buf, int count) {
        long n = LibC.read(fd, buf, count);
        if (n < 0) throw ErrnoException.last("read(fd=" + fd + ", count=" + count + ")");
        return (int) n;
    }

    public static int write(int fd, byte[] buf, int count) {
        if (count > buf.length) throw new IndexOutOfBoundsException("write: count " + count + " > buffer " + buf.length);
        long n = LibC.write(fd, buf, count);
        if (n < 0) throw ErrnoException.last("write(fd=" + fd + ", count=" + count + ")");
        return (int) n;
    }

    public static int write(int fd, Pointer buf, int count) {
        long n = LibC.write(fd, buf, count);
        if (n < 0) throw ErrnoException.last("write(fd=" + fd + ", count=" + count + ")");
        return (int) n;
    }

    /** Writes the string's UTF-8 bytes with one write(2) call; returns what write returned. */
    public static int write(int fd, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return write(fd, b, b.length);
    }

    public static void close(int fd) {
        if (LibC.close(fd) < 0) throw ErrnoException.last("close(fd=" + fd + ")");
    }

    public static int dup(int oldfd) {
        int r = LibC.dup(oldfd);
        if (r < 0) throw ErrnoException.last("dup(fd=" + oldfd + ")");
        return r;
    }

    public static int dup2(int oldfd, int newfd) {
        int r = LibC.dup2(oldfd, newfd);
        if (r < 0) throw ErrnoException.last("dup2(" + oldfd + ", " + newfd + ")");
        return r;
    }

    public static int open(String pathname, int flags) { return open(pathname, flags, 0); }

    public static int open(String pathname, int flags, int mode) {
        int fd = LibC.open(pathname, flags, mode);
        if (fd < 0) throw ErrnoException.last("open(\"" + pathname + "\", flags=0" + Integer.toOctalString(flags) + ")");
        return fd;
    }

    public static long lseek(int fd, long offset, int whence) {
        long r = LibC.lseek(fd, offset, whence);
        if (r < 0) throw ErrnoException.last("lseek(fd=" + fd + ", " + offset + ", " + whence + ")");
        return r;
    }

    public static int fcntl(int fd, int cmd) { return fcntl(fd, cmd, 0); }

    public static int fcntl(int fd, int cmd, long arg) {
        int r = LibC.fcntl(fd, cmd, arg);
        if (r < 0) throw ErrnoException.last("fcntl(fd=" + fd + ", cmd=" + cmd + ", " + arg + ")");
        return r;
    }

    public static void unlink(String pathname) {
        if (LibC.unlink(pathname) < 0) throw ErrnoException.last("unlink(\"" + pathname + "\")");
    }

    public static boolean isatty(int fd) { return LibC.isatty(fd) == 1; }

    /** openpty(3) without name, termios or window size: fills amaster[0] and aslave[0]. */
    public static void openpty(int[] amaster, int[] aslave) {
        if (LibUtil.openpty(amaster, aslave, null, null, null) < 0) throw ErrnoException.last("openpty()");
    }

    // time

    /** Returns the seconds left when a signal handler interrupted the sleep, else 0. */
    public static int sleep(int seconds) { return LibC.sleep(seconds); }

    public static void usleep(int usec) {
        if (LibC.usleep(usec) < 0) throw ErrnoException.last("usleep(" + usec + ")");
    }

    // stdio

    /**
     * C's printf: output goes into C stdio's stdout buffer (line-buffered on a terminal, fully
     * buffered on a pipe or file), not through Java's System.out. Boxed byte, short, char and
     * boolean are passed as int, float as double: C's default argument promotions.
     */
    public static int printf(String format, Object... args) {
        return Stdio.INSTANCE.printf(format, promote(args));
    }

    public static int fprintf(Pointer stream, String format, Object... args) {
        return Stdio.INSTANCE.fprintf(stream, format, promote(args));
    }

    public static int dprintf(int fd, String format, Object... args) {
        return Stdio.INSTANCE.dprintf(fd, format, promote(args));
    }

    /** Returns what snprintf returns: the length the full output would have. */
    public static int snprintf(byte[] str, int size, String format, Object... args) {
        if (size > str.length) throw new IndexOutOfBoundsException("snprintf: size " + size + " > buffer " + str.length);
        return Stdio.INSTANCE.snprintf(str, size, format, promote(args));
    }

    private static Object[] promote(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            Object a = out[i];
            if (a instanceof Byte || a instanceof Short) out[i] = ((Number) a).intValue();
            else if (a instanceof Character c) out[i] = (int) c;
            else if (a instanceof Boolean b) out[i] = b ? 1 : 0;
            else if (a instanceof Float f) out[i] = f.doubleValue();
        }
        return out;
    }

    /** fflush(null) flushes every C output stream. */
    public static void fflush(Pointer stream) {
        if (LibC.fflush(stream) != 0) throw ErrnoException.last("fflush()");
    }

    public static void setvbuf(Pointer stream, Pointer buf, int mode, long size) {
        if (LibC.setvbuf(stream, buf, mode, size) != 0) throw new IllegalArgumentException("setvbuf: bad mode " + mode);
    }
}
