package syslab.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.util.Map;

/**
 * Raw libc, by JNA direct mapping ({@link Native#register}): about 0.1 us a call, no checking.
 * A call that fails returns -1 (or NULL) and leaves errno in {@link Native#getLastError()} until the
 * next native call on the thread. Checked versions that throw {@link ErrnoException} live in {@link C}.
 *
 * <p>Types: int for int/pid_t/mode_t, long for size_t/ssize_t/off_t/long (LP64 only), arrays are
 * copied in and out around the call. Some functions are variadic in C (open, fcntl, prctl, syscall);
 * they are declared with their widest fixed argument list, which is the same calling convention as
 * the variadic one on x86-64 and aarch64 Linux (not on Apple arm64).
 */
public final class LibC implements Constants {
    private LibC() { }

    /** Paths and format strings cross as UTF-8 whatever the JVM's locale (POSIX in many containers). */
    static final Map<String, Object> OPTIONS = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
    static final NativeLibrary LIBRARY = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME, OPTIONS);

    static {
        Native.register(LibC.class, LIBRARY);
    }

    /** The C stdio streams ({@code FILE *}); the variables' values never change in a process. */
    public static final Pointer stdin = LIBRARY.getGlobalVariableAddress("stdin").getPointer(0);
    public static final Pointer stdout = LIBRARY.getGlobalVariableAddress("stdout").getPointer(0);
    public static final Pointer stderr = LIBRARY.getGlobalVariableAddress("stderr").getPointer(0);

    // processes
    public static native int fork();
    public static native int waitpid(int pid, int[] wstatus, int options);
    /** rusage: 18 longs, see {@link Rusage#decode}. */
    public static native int wait4(int pid, int[] wstatus, int options, long[] rusage);
    public static native void _exit(int status);
    /** path: a C string; argv: a NULL-terminated char* array (JNA's StringArray), both built before fork. */
    public static native int execv(Pointer path, Pointer argv);
    public static native int getpid();
    public static native int getppid();
    public static native int kill(int pid, int sig);
    public static native int killpg(int pgrp, int sig);
    public static native int setpgid(int pid, int pgid);
    public static native int getpgid(int pid);
    public static native int setsid();
    public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    /** rlim: {rlim_cur, rlim_max}. */
    public static native int getrlimit(int resource, long[] rlim);
    public static native int setrlimit(int resource, long[] rlim);
    /** usage: 18 longs, see {@link Rusage#decode}. */
    public static native int getrusage(int who, long[] usage);
    public static native long syscall(long number, long arg1, long arg2, long arg3);

    // file descriptors
    public static native int pipe(int[] pipefd);
    public static native int pipe2(int[] pipefd, int flags);
    public static native long read(int fd, Pointer buf, long count);
    public static native long read(int fd, byte[] buf, long count);
    public static native long write(int fd, Pointer buf, long count);
    public static native long write(int fd, byte[] buf, long count);
    public static native int close(int fd);
    public static native int dup(int oldfd);
    public static native int dup2(int oldfd, int newfd);
    public static native int open(String pathname, int flags, int mode);
    public static native long lseek(int fd, long offset, int whence);
    public static native int fcntl(int fd, int cmd, long arg);
    public static native int unlink(String pathname);
    public static native int isatty(int fd);
    public static native int ftruncate(int fd, long length);
    public static native int mkfifo(String pathname, int mode);
    public static native int link(String oldpath, String newpath);
    public static native int symlink(String target, String linkpath);
    /** statbuf: {@link Stat#SIZE} bytes, see {@link Stat#decode}. glibc 2.33+ exports these names. */
    public static native int stat(String pathname, Pointer statbuf);
    public static native int lstat(String pathname, Pointer statbuf);
    public static native int fstat(int fd, Pointer statbuf);

    // sockets; addr points to a sockaddr built by {@link SockAddr}
    public static native int socket(int domain, int type, int protocol);
    public static native int socketpair(int domain, int type, int protocol, int[] sv);
    public static native int bind(int sockfd, Pointer addr, int addrlen);
    public static native int listen(int sockfd, int backlog);
    public static native int accept(int sockfd, Pointer addr, int[] addrlen);
    public static native int connect(int sockfd, Pointer addr, int addrlen);
    public static native int shutdown(int sockfd, int how);
    public static native int setsockopt(int sockfd, int level, int optname, int[] optval, int optlen);
    public static native int getsockopt(int sockfd, int level, int optname, int[] optval, int[] optlen);
    public static native int getsockname(int sockfd, Pointer addr, int[] addrlen);

    // multiplexing
    /** fds: struct pollfd array, see {@link PollFds}. */
    public static native int poll(Pointer fds, long nfds, int timeout);
    /**
     * fd_set: 16 longs (FD_SETSIZE 1024 bits); nfds must not exceed 1024 or the kernel reads past
     * the arrays. timeout: struct timeval {tv_sec, tv_usec}, or null to wait forever.
     */
    public static native int select(int nfds, long[] readfds, long[] writefds, long[] exceptfds, long[] timeout);
    public static native int epoll_create1(int flags);
    /** event: one struct epoll_event, see {@link EpollEvents}. */
    public static native int epoll_ctl(int epfd, int op, int fd, Pointer event);
    public static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);
    public static native int eventfd(int initval, int flags);

    // memory
    public static native int shm_open(String name, int oflag, int mode);
    public static native int shm_unlink(String name);
    /** Returns MAP_FAILED ({@code Pointer.createConstant(-1)}) on error. */
    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);
    public static native int munmap(Pointer addr, long length);

    // time
    public static native int sleep(int seconds);
    public static native int usleep(int usec);
    /** req, rem: struct timespec {tv_sec, tv_nsec}. */
    public static native int nanosleep(long[] req, long[] rem);

    // signals
    /** act, oldact: struct sigaction, see {@link Signals}. */
    public static native int sigaction(int signum, Pointer act, Pointer oldact);
    public static native int __libc_current_sigrtmin();
    /** handler: SIG_DFL (0), SIG_IGN (1) or a function address; returns the previous one, SIG_ERR (-1) on error. */
    public static native long signal(int signum, long handler);
    public static native int raise(int sig);
    /** set, oldset: sigset_t (128 bytes). */
    public static native int sigprocmask(int how, Pointer set, Pointer oldset);

    // stdio (the variadic ones are in {@link Stdio})
    public static native int fflush(Pointer stream);
    public static native int setvbuf(Pointer stream, Pointer buf, int mode, long size);
    public static native int fseek(Pointer stream, long offset, int whence);

    // errors
    public static native String strerror(int errnum);

    // added for the IPC and process experiments (syslab.experiments.ipc, .proc)
    /** mask: cpu_set_t as 16 longs (CPU_SETSIZE 1024 bits); pid 0 is the calling thread. */
    public static native int sched_setaffinity(int pid, long cpusetsize, long[] mask);
    public static native int sched_getaffinity(int pid, long cpusetsize, long[] mask);
    /** sem: a sem_t ({@link C#SEM_T_SIZE} bytes); shared between processes when pshared != 0 and it lies in a MAP_SHARED mapping. */
    public static native int sem_init(Pointer sem, int pshared, int value);
    public static native int sem_destroy(Pointer sem);
    public static native int sem_post(Pointer sem);
    public static native int sem_wait(Pointer sem);
    /** abstime: struct timespec {tv_sec, tv_nsec} on CLOCK_REALTIME. */
    public static native int sem_timedwait(Pointer sem, long[] abstime);
    /**
     * set: sigset_t; info: siginfo_t ({@link C#SIGINFO_SIZE} bytes) or null; timeout: struct
     * timespec {tv_sec, tv_nsec}. Returns the signal taken, -1 with EAGAIN if none came in time.
     */
    public static native int sigtimedwait(Pointer set, Pointer info, long[] timeout);
    public static native int sigemptyset(Pointer set);
    public static native int sigaddset(Pointer set, int signum);
    /** Returns dest's address as a long, so that no Pointer object is made (a forked JVM child must not allocate). */
    public static native long memcpy(Pointer dest, Pointer src, long n);
}
