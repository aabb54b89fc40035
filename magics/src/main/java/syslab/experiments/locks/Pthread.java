package syslab.experiments.locks;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import syslab.posix.ErrnoException;

/**
 * Raw pthread locks and CPU affinity, by JNA direct mapping (in libc since glibc 2.34). The pthread
 * functions return 0 or an error number (they do not set errno). The lock objects are opaque
 * memory: {@link #MUTEX_SIZE} and {@link #ATTR_SIZE} are upper bounds of glibc's sizes on x86-64
 * (40 and 4 bytes) and aarch64 (48 and 8).
 */
final class Pthread {
    private Pthread() { }

    static {
        Native.register(Pthread.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    static final int MUTEX_SIZE = 64, ATTR_SIZE = 16, SPINLOCK_SIZE = 8;

    /** Throws for a pthread function's non-zero result. */
    static void check(int error, String call) {
        if (error != 0) throw new ErrnoException(call, error);
    }

    static native int pthread_mutexattr_init(Pointer attr);
    static native int pthread_mutexattr_settype(Pointer attr, int type);
    static native int pthread_mutexattr_destroy(Pointer attr);
    static native int pthread_mutex_init(Pointer mutex, Pointer attr);
    static native int pthread_mutex_lock(Pointer mutex);
    static native int pthread_mutex_trylock(Pointer mutex);
    static native int pthread_mutex_unlock(Pointer mutex);
    static native int pthread_mutex_destroy(Pointer mutex);

    static native int pthread_spin_init(Pointer lock, int pshared);
    static native int pthread_spin_lock(Pointer lock);
    static native int pthread_spin_unlock(Pointer lock);
    static native int pthread_spin_destroy(Pointer lock);

    /** mask: a cpu_set_t of cpusetsize bytes; pid 0 is the calling thread. Returns -1 and errno on failure. */
    static native int sched_setaffinity(int pid, long cpusetsize, long[] mask);
    static native int sched_getaffinity(int pid, long cpusetsize, long[] mask);
}
