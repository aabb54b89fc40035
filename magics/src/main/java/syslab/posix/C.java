package syslab.posix;

import com.sun.jna.Memory;
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
        // parent, what the calls below use. JNA sets up each proxied method on its first call, so
        // call each once; empty formats print nothing.
        Stdio.INSTANCE.snprintf(new byte[16], 16, "%s%d%ld%f%p", "", 1, 1L, 1.0, Pointer.NULL);
        Stdio.INSTANCE.printf("");
        Stdio.INSTANCE.fprintf(LibC.stderr, "");
        Stdio.INSTANCE.dprintf(-1, "");
        new ErrnoException("warm-up", EINTR).name();
        Signals.name(SIGSEGV);
        Rusage.decode(new long[Rusage.LONGS]);
        JvmProcess.isForkedChild();
        if (!JitSwitch.available()) System.err.println("syslab: HotSpot's UseCompiler flag not found; forked JVM children may hang");
        ForkLimit.clear();
    }

    /** The C stdio streams, for fflush, setvbuf, fprintf. */
    public static final Pointer stdin = LibC.stdin, stdout = LibC.stdout, stderr = LibC.stderr;

    // processes

    /**
     * fork(2); in a %%fork cell, also subject to its --max-procs cap ({@link ForkLimit}). Forking the
     * JVM itself (a plain cell) first waits, briefly, for its other threads to sleep: a lock one of
     * them held at the moment of fork would stop the child for good.
     */
    public static int fork() {
        ForkLimit.take();
        if (!JvmProcess.isForkedChild()) JvmProcess.awaitOthersAsleep();
        int pid = LibC.fork();
        if (pid < 0) throw ErrnoException.last("fork()");
        if (pid == 0) JitSwitch.offInChild();   // a compile request would wait for good in the child
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
        fits("read", buf, count);
        return transferred(LibC.read(fd, buf, count), "read", fd, count);
    }

    /** Reads into native memory (a {@code com.sun.jna.Memory}), without copying through the Java heap. */
    public static int read(int fd, Pointer buf, int count) {
        return transferred(LibC.read(fd, buf, count), "read", fd, count);
    }

    public static int write(int fd, byte[] buf, int count) {
        fits("write", buf, count);
        return transferred(LibC.write(fd, buf, count), "write", fd, count);
    }

    public static int write(int fd, Pointer buf, int count) {
        return transferred(LibC.write(fd, buf, count), "write", fd, count);
    }

    private static void fits(String call, byte[] buf, int count) {
        if (count > buf.length) throw new IndexOutOfBoundsException(call + ": count " + count + " > buffer " + buf.length);
    }

    /** read's or write's result as a byte count; -1 as the errno it set (read right after the call, before any other). */
    private static int transferred(long n, String call, int fd, int count) {
        if (n < 0) throw ErrnoException.last(call + "(fd=" + fd + ", count=" + count + ")");
        return (int) n;
    }

    /**
     * The string's UTF-8 bytes and a NUL in native memory: made before fork for a child that must
     * not allocate (execv's path, a tracee's program).
     */
    public static Memory cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
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

    public static void ftruncate(int fd, long length) {
        if (LibC.ftruncate(fd, length) < 0) throw ErrnoException.last("ftruncate(fd=" + fd + ", " + length + ")");
    }

    public static void mkfifo(String pathname, int mode) {
        if (LibC.mkfifo(pathname, mode) < 0) throw ErrnoException.last("mkfifo(\"" + pathname + "\")");
    }

    public static void link(String oldpath, String newpath) {
        if (LibC.link(oldpath, newpath) < 0) throw ErrnoException.last("link(\"" + oldpath + "\", \"" + newpath + "\")");
    }

    public static void symlink(String target, String linkpath) {
        if (LibC.symlink(target, linkpath) < 0) throw ErrnoException.last("symlink(\"" + target + "\", \"" + linkpath + "\")");
    }

    /** stat(2), decoded; follows symbolic links. */
    public static Stat stat(String pathname) {
        Memory buf = new Memory(Stat.SIZE);
        if (LibC.stat(pathname, buf) < 0) throw ErrnoException.last("stat(\"" + pathname + "\")");
        return Stat.decode(buf);
    }

    /** lstat(2): a symbolic link itself. */
    public static Stat lstat(String pathname) {
        Memory buf = new Memory(Stat.SIZE);
        if (LibC.lstat(pathname, buf) < 0) throw ErrnoException.last("lstat(\"" + pathname + "\")");
        return Stat.decode(buf);
    }

    public static Stat fstat(int fd) {
        Memory buf = new Memory(Stat.SIZE);
        if (LibC.fstat(fd, buf) < 0) throw ErrnoException.last("fstat(fd=" + fd + ")");
        return Stat.decode(buf);
    }

    // sockets: addresses come from SockAddr.in("127.0.0.1", port) and SockAddr.un(path)

    public static int socket(int domain, int type, int protocol) {
        int fd = LibC.socket(domain, type, protocol);
        if (fd < 0) throw ErrnoException.last("socket(" + domain + ", " + type + ", " + protocol + ")");
        return fd;
    }

    public static void socketpair(int domain, int type, int protocol, int[] sv) {
        if (LibC.socketpair(domain, type, protocol, sv) < 0) throw ErrnoException.last("socketpair(" + domain + ", " + type + ")");
    }

    public static void bind(int sockfd, Memory addr) {
        if (LibC.bind(sockfd, addr, (int) addr.size()) < 0) throw ErrnoException.last("bind(fd=" + sockfd + ")");
    }

    public static void listen(int sockfd, int backlog) {
        if (LibC.listen(sockfd, backlog) < 0) throw ErrnoException.last("listen(fd=" + sockfd + ", " + backlog + ")");
    }

    /** accept(2) without the peer's address. */
    public static int accept(int sockfd) {
        int fd = LibC.accept(sockfd, null, null);
        if (fd < 0) throw ErrnoException.last("accept(fd=" + sockfd + ")");
        return fd;
    }

    public static void connect(int sockfd, Memory addr) {
        if (LibC.connect(sockfd, addr, (int) addr.size()) < 0) throw ErrnoException.last("connect(fd=" + sockfd + ")");
    }

    public static void shutdown(int sockfd, int how) {
        if (LibC.shutdown(sockfd, how) < 0) throw ErrnoException.last("shutdown(fd=" + sockfd + ", " + how + ")");
    }

    /** For the int-valued options (SO_REUSEADDR, SO_RCVBUF, TCP_NODELAY...). */
    public static void setsockopt(int sockfd, int level, int optname, int value) {
        if (LibC.setsockopt(sockfd, level, optname, new int[] {value}, 4) < 0) {
            throw ErrnoException.last("setsockopt(fd=" + sockfd + ", " + level + ", " + optname + ", " + value + ")");
        }
    }

    public static int getsockopt(int sockfd, int level, int optname) {
        int[] value = new int[1];
        if (LibC.getsockopt(sockfd, level, optname, value, new int[] {4}) < 0) {
            throw ErrnoException.last("getsockopt(fd=" + sockfd + ", " + level + ", " + optname + ")");
        }
        return value[0];
    }

    /** The address a socket is bound to, e.g. to learn the port bind chose for port 0. */
    public static Memory getsockname(int sockfd) {
        Memory addr = new Memory(SockAddr.SOCKADDR_UN_SIZE);
        int[] len = {(int) addr.size()};
        if (LibC.getsockname(sockfd, addr, len) < 0) throw ErrnoException.last("getsockname(fd=" + sockfd + ")");
        return addr;
    }

    // multiplexing

    /** Returns how many entries have revents set; 0 on timeout (ms; -1 waits forever). */
    public static int poll(PollFds fds, int timeout) {
        int r = LibC.poll(fds.memory, fds.length(), timeout);
        if (r < 0) throw ErrnoException.last("poll(nfds=" + fds.length() + ", " + timeout + ")");
        return r;
    }

    /**
     * select(2) on fd_sets of 16 longs ({@code new long[16]}, or null). timeout is {tv_sec, tv_usec}
     * (updated with the time left) or null to wait forever.
     */
    public static int select(int nfds, long[] readfds, long[] writefds, long[] exceptfds, long[] timeout) {
        if (nfds < 0 || nfds > FD_SETSIZE) {
            throw new IllegalArgumentException("select(nfds=" + nfds + "): nfds > FD_SETSIZE (" + FD_SETSIZE
                + "): select cannot watch fds >= 1024; use poll or epoll");
        }
        for (long[] set : new long[][] {readfds, writefds, exceptfds}) {
            if (set != null && set.length != FD_SETSIZE / 64) throw new IllegalArgumentException("an fd_set is 16 longs, not " + set.length);
        }
        int r = LibC.select(nfds, readfds, writefds, exceptfds, timeout);
        if (r < 0) throw ErrnoException.last("select(nfds=" + nfds + ")");
        return r;
    }

    public static void FD_ZERO(long[] set) { java.util.Arrays.fill(set, 0); }
    public static void FD_SET(int fd, long[] set) { set[fdsetIndex(fd, "FD_SET")] |= 1L << (fd & 63); }
    public static void FD_CLR(int fd, long[] set) { set[fdsetIndex(fd, "FD_CLR")] &= ~(1L << (fd & 63)); }
    public static boolean FD_ISSET(int fd, long[] set) { return (set[fdsetIndex(fd, "FD_ISSET")] & 1L << (fd & 63)) != 0; }

    /**
     * Refuses an fd the fd_set cannot hold. In C, glibc's fortified FD_SET aborts the process for
     * such an fd (and without fortify it writes past the set); here it is a clear exception.
     */
    private static int fdsetIndex(int fd, String macro) {
        if (fd < 0 || fd >= FD_SETSIZE) {
            throw new IllegalArgumentException(macro + "(fd=" + fd + "): fd >= FD_SETSIZE (" + FD_SETSIZE
                + "): select cannot watch it; use poll or epoll");
        }
        return fd >> 6;
    }

    public static int epoll_create1(int flags) {
        int fd = LibC.epoll_create1(flags);
        if (fd < 0) throw ErrnoException.last("epoll_create1(" + flags + ")");
        return fd;
    }

    /** epoll_ctl with the fd itself as the event's data, so epoll_wait reports fds. */
    public static void epoll_ctl(int epfd, int op, int fd, int events) { epoll_ctl(epfd, op, fd, events, fd); }

    public static void epoll_ctl(int epfd, int op, int fd, int events, long data) {
        epoll_ctl(epfd, op, fd, new EpollEvents(1).set(0, events, data));
    }

    /** epoll_ctl with the caller's struct (entry 0), so a loop that changes interest often need not allocate one each time. */
    public static void epoll_ctl(int epfd, int op, int fd, EpollEvents ev) {
        if (LibC.epoll_ctl(epfd, op, fd, ev.memory) < 0) {
            String name = switch (op) {
                case EPOLL_CTL_ADD -> "EPOLL_CTL_ADD";
                case EPOLL_CTL_DEL -> "EPOLL_CTL_DEL";
                case EPOLL_CTL_MOD -> "EPOLL_CTL_MOD";
                default -> String.valueOf(op);
            };
            throw ErrnoException.last("epoll_ctl(" + name + ", fd=" + fd + ")");
        }
    }

    /** Fills events (up to its capacity); returns how many are ready, 0 on timeout (ms; -1 forever). */
    public static int epoll_wait(int epfd, EpollEvents events, int timeout) {
        int r = LibC.epoll_wait(epfd, events.memory, events.capacity(), timeout);
        if (r < 0) throw ErrnoException.last("epoll_wait(epfd=" + epfd + ", " + timeout + ")");
        return r;
    }

    public static int eventfd(int initval, int flags) {
        int fd = LibC.eventfd(initval, flags);
        if (fd < 0) throw ErrnoException.last("eventfd(" + initval + ", " + flags + ")");
        return fd;
    }

    // memory

    public static int shm_open(String name, int oflag, int mode) {
        int fd = LibC.shm_open(name, oflag, mode);
        if (fd < 0) throw ErrnoException.last("shm_open(\"" + name + "\", flags=0" + Integer.toOctalString(oflag) + ")");
        return fd;
    }

    public static void shm_unlink(String name) {
        if (LibC.shm_unlink(name) < 0) throw ErrnoException.last("shm_unlink(\"" + name + "\")");
    }

    public static Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) {
        Pointer p = LibC.mmap(addr, length, prot, flags, fd, offset);
        if (Pointer.nativeValue(p) == -1) throw ErrnoException.last("mmap(length=" + length + ", fd=" + fd + ")");
        return p;
    }

    public static void munmap(Pointer addr, long length) {
        if (LibC.munmap(addr, length) < 0) throw ErrnoException.last("munmap(length=" + length + ")");
    }

    // signals

    /**
     * signal(2) with SIG_DFL or SIG_IGN (Java handlers cannot run in a signal handler); returns the
     * previous disposition. The JVM's own signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGUSR2,
     * SIGQUIT) are refused: changing them in the kernel process would break the JVM.
     */
    public static long signal(int signum, long handler) {
        if (handler != SIG_DFL && handler != SIG_IGN) throw new IllegalArgumentException("signal: only SIG_DFL or SIG_IGN");
        if (JVM_SIGNALS.contains(signum) && !JvmProcess.isForkedChild()) {
            throw new IllegalArgumentException("signal(" + Signals.name(signum) + "): the JVM needs this signal; change it in a forked child only");
        }
        long old = LibC.signal(signum, handler);
        if (old == SIG_ERR) throw ErrnoException.last("signal(" + Signals.name(signum) + ")");
        return old;
    }

    private static final java.util.Set<Integer> JVM_SIGNALS = java.util.Set.of(SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGUSR2, SIGQUIT);

    public static void raise(int sig) {
        if (LibC.raise(sig) != 0) throw ErrnoException.last("raise(" + Signals.name(sig) + ")");
    }

    // time

    /** Returns the seconds left when a signal handler interrupted the sleep, else 0. */
    public static int sleep(int seconds) { return LibC.sleep(seconds); }

    public static void usleep(int usec) {
        if (LibC.usleep(usec) < 0) throw ErrnoException.last("usleep(" + usec + ")");
    }

    /** req, rem: {tv_sec, tv_nsec}; rem (may be null) gets the time left when a signal interrupts. */
    public static void nanosleep(long[] req, long[] rem) {
        if (LibC.nanosleep(req, rem) < 0) throw ErrnoException.last("nanosleep({" + req[0] + ", " + req[1] + "})");
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

    // added for the IPC and process experiments (syslab.experiments.ipc, .proc)

    /** Bits in a cpu_set_t (16 longs); sizes of sem_t and siginfo_t on x86-64 and aarch64. */
    public static final int CPU_SETSIZE = 1024, SEM_T_SIZE = 32, SIGINFO_SIZE = 128;

    /** Binds thread {@code pid} (0: the calling thread) to the CPUs in mask (16 longs, see CPU_SET). */
    public static void sched_setaffinity(int pid, long[] mask) {
        if (LibC.sched_setaffinity(pid, CPU_SETSIZE / 8, cpuSet(mask)) < 0) {
            throw ErrnoException.last("sched_setaffinity(" + pid + ", " + cpuList(mask) + ")");
        }
    }

    /** The CPUs thread {@code pid} (0: the calling thread) may run on. */
    public static long[] sched_getaffinity(int pid) {
        long[] mask = new long[CPU_SETSIZE / 64];
        if (LibC.sched_getaffinity(pid, CPU_SETSIZE / 8, mask) < 0) throw ErrnoException.last("sched_getaffinity(" + pid + ")");
        return mask;
    }

    public static void CPU_ZERO(long[] set) { java.util.Arrays.fill(cpuSet(set), 0); }
    public static void CPU_SET(int cpu, long[] set) { cpuSet(set)[cpuIndex(cpu)] |= 1L << (cpu & 63); }
    public static boolean CPU_ISSET(int cpu, long[] set) { return (cpuSet(set)[cpuIndex(cpu)] & 1L << (cpu & 63)) != 0; }
    public static int CPU_COUNT(long[] set) {
        int n = 0;
        for (long word : cpuSet(set)) n += Long.bitCount(word);
        return n;
    }

    private static long[] cpuSet(long[] set) {
        if (set.length != CPU_SETSIZE / 64) throw new IllegalArgumentException("a cpu_set_t is 16 longs, not " + set.length);
        return set;
    }

    private static int cpuIndex(int cpu) {
        if (cpu < 0 || cpu >= CPU_SETSIZE) throw new IllegalArgumentException("CPU " + cpu + " outside cpu_set_t (0.." + (CPU_SETSIZE - 1) + ")");
        return cpu >> 6;
    }

    /** "{0,1}": the CPUs of a mask, for messages. */
    private static String cpuList(long[] set) {
        java.util.StringJoiner cpus = new java.util.StringJoiner(",", "{", "}");
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) if (CPU_ISSET(cpu, set)) cpus.add(String.valueOf(cpu));
        return cpus.toString();
    }

    /** sem: SEM_T_SIZE bytes; for processes, pshared = 1 and the sem_t in a MAP_SHARED mapping. */
    public static void sem_init(Pointer sem, int pshared, int value) {
        if (LibC.sem_init(sem, pshared, value) < 0) throw ErrnoException.last("sem_init(pshared=" + pshared + ", " + value + ")");
    }

    public static void sem_destroy(Pointer sem) {
        if (LibC.sem_destroy(sem) < 0) throw ErrnoException.last("sem_destroy()");
    }

    public static void sem_post(Pointer sem) {
        if (LibC.sem_post(sem) < 0) throw ErrnoException.last("sem_post()");
    }

    public static void sem_wait(Pointer sem) {
        if (LibC.sem_wait(sem) < 0) throw ErrnoException.last("sem_wait()");
    }

    /**
     * Waits until abstime ({tv_sec, tv_nsec} on CLOCK_REALTIME); returns false if it passed first
     * (ETIMEDOUT), the expected outcome of a bounded wait rather than an error.
     */
    public static boolean sem_timedwait(Pointer sem, long[] abstime) {
        if (LibC.sem_timedwait(sem, abstime) == 0) return true;
        int errno = com.sun.jna.Native.getLastError();
        if (errno == ETIMEDOUT) return false;
        throw new ErrnoException("sem_timedwait({" + abstime[0] + ", " + abstime[1] + "})", errno);
    }

    /**
     * pidfd_open(2): an fd for process {@code pid} that poll reports readable (POLLIN) once the
     * process has exited, so a parent can wait for a child with a timeout.
     */
    public static int pidfd_open(int pid) {
        int fd = (int) LibC.syscall(Syscalls.SYS_pidfd_open, pid, 0, 0);
        if (fd < 0) throw ErrnoException.last("pidfd_open(" + pid + ")");
        return fd;
    }
}
