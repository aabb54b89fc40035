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
    public static native int getpid();
    public static native int getppid();
    public static native int getuid();
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

    // time
    public static native int sleep(int seconds);
    public static native int usleep(int usec);

    // signals
    /** act, oldact: struct sigaction, see {@link Signals}. */
    public static native int sigaction(int signum, Pointer act, Pointer oldact);
    public static native int __libc_current_sigrtmin();

    // stdio (the variadic ones are in {@link Stdio})
    public static native int fflush(Pointer stream);
    public static native int setvbuf(Pointer stream, Pointer buf, int mode, long size);

    // errors
    public static native String strerror(int errnum);
}
