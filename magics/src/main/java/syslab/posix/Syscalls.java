package syslab.posix;

import com.sun.jna.Platform;

/**
 * Numbers of the system calls made through {@link LibC#syscall}, where glibc has no wrapper or only
 * a recent one. x86-64 has its own table; aarch64 uses the generic one.
 */
public final class Syscalls {
    private Syscalls() { }

    private static final boolean X86_64 = Platform.isIntel() && Platform.is64Bit();

    static final long SYS_gettid = X86_64 ? 186 : 178;
    static final long SYS_tgkill = X86_64 ? 234 : 131;
    public static final long SYS_futex = X86_64 ? 202 : 98;
    public static final long SYS_close_range = 436;   // same on every architecture (added in 5.9)
    static final long SYS_pidfd_open = 434;    // same on every architecture (added in 5.3)
}
