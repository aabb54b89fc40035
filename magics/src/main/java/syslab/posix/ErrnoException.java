package syslab.posix;

import com.sun.jna.Native;

/**
 * A failed libc call. The message names the call with its arguments and the errno, the way
 * TLPI's errExit does: {@code epoll_ctl(EPOLL_CTL_ADD, fd=7): EBADF (Bad file descriptor)}.
 */
public class ErrnoException extends RuntimeException {
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.describe(errno) + ")");
        this.errno = errno;
    }

    /**
     * The exception for the libc call that just failed on this thread. Call it right after the
     * failing call: JNA saves errno after each native call, and the next call overwrites it.
     */
    public static ErrnoException last(String call) {
        return new ErrnoException(call, Native.getLastError());
    }

    public int errno() { return errno; }

    /** The errno's symbolic name, e.g. "EBADF". */
    public String name() { return Errno.name(errno); }
}
