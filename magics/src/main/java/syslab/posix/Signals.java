package syslab.posix;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Signal names, and waking a thread blocked in a system call.
 *
 * <p>{@link #wakeup} lets the kernel interrupt a cell stuck in a native {@code read}, {@code sleep},
 * {@code waitpid}: it sends a spare real-time signal to that one thread, whose handler was installed
 * without SA_RESTART, so the blocked call returns -1 with EINTR and the Java code sees an ErrnoException.
 */
public final class Signals {
    private Signals() { }

    // signal(7) names, index = number (Linux, x86-64 and aarch64).
    private static final String[] NAMES = {
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };

    /** "SIGSEGV" for 11; real-time signals as "SIGRTMIN+n". */
    public static String name(int sig) {
        if (sig > 0 && sig < NAMES.length) return NAMES[sig];
        int rtmin = LibC.__libc_current_sigrtmin();
        return sig >= rtmin && sig <= 64 ? "SIGRTMIN+" + (sig - rtmin) : "signal " + sig;
    }

    // struct sigaction as glibc declares it on x86-64 and aarch64:
    // sa_handler at 0, sa_mask (128 bytes) at 8, sa_flags (int) at 136, sa_restorer at 144.
    static final int SIGACTION_SIZE = 152;
    static final int SA_MASK_OFFSET = 8;
    static final int SA_FLAGS_OFFSET = 136;
    /** sigset_t: glibc reserves 1024 bits, though Linux has 64 signals. */
    public static final int SIGSET_SIZE = 128;

    private static int wakeupSignal;

    /**
     * The signal {@link #wakeup} sends: SIGRTMIN+2. glibc keeps signals 32 and 33 for itself (SIGRTMIN
     * is 34 after them), HotSpot uses SIGUSR2 and NIO interrupts with SIGRTMAX-2, so SIGRTMIN+2 is free.
     */
    public static synchronized int installWakeupHandler() {
        if (wakeupSignal != 0) return wakeupSignal;
        int sig = LibC.__libc_current_sigrtmin() + 2;
        // The handler must be native code that does nothing: a JNA Callback would run Java in a signal
        // handler (attaching the thread to the JVM, allocating), which is not async-signal-safe and can
        // deadlock. Any libc function that takes an int and touches nothing will do: abs(3) it is.
        // What matters is only that a handler runs and that SA_RESTART is absent (sa_flags = 0), so
        // the interrupted system call fails with EINTR instead of being restarted.
        Pointer handler = LibC.LIBRARY.getFunction("abs");
        Memory act = new Memory(SIGACTION_SIZE);
        act.clear();
        act.setPointer(0, handler);
        if (LibC.sigaction(sig, act, null) < 0) throw ErrnoException.last("sigaction(" + name(sig) + ")");
        wakeupSignal = sig;
        return sig;
    }

    /**
     * Interrupts the system call that thread {@code tid} (a {@link C#gettid} value of this process) is
     * blocked in: it returns EINTR. Does nothing visible to a thread running Java code.
     */
    public static void wakeup(int tid) {
        int sig = installWakeupHandler();
        int pid = LibC.getpid();
        if (LibC.syscall(Syscalls.SYS_tgkill, pid, tid, sig) < 0) {
            throw ErrnoException.last("tgkill(" + pid + ", " + tid + ", " + name(sig) + ")");
        }
    }
}
