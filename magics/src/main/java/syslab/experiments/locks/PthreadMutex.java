package syslab.experiments.locks;

import com.sun.jna.Memory;
import syslab.posix.C;
import syslab.posix.ErrnoException;

/**
 * A pthread_mutex_t in native memory, of one of the types of pthread_mutexattr_settype(3).
 * A failed call throws {@link ErrnoException} with the error the function returned.
 */
public final class PthreadMutex implements SimpleLock, AutoCloseable {
    /** pthread_mutexattr_settype(3) types; DEFAULT is NORMAL in glibc. */
    public static final int PTHREAD_MUTEX_NORMAL = 0, PTHREAD_MUTEX_RECURSIVE = 1, PTHREAD_MUTEX_ERRORCHECK = 2,
        PTHREAD_MUTEX_DEFAULT = PTHREAD_MUTEX_NORMAL;

    private final Memory mutex = new Memory(Pthread.MUTEX_SIZE);
    private final String name;

    public PthreadMutex(int type) {
        name = switch (type) {
            case PTHREAD_MUTEX_NORMAL -> "PTHREAD_MUTEX_NORMAL";
            case PTHREAD_MUTEX_RECURSIVE -> "PTHREAD_MUTEX_RECURSIVE";
            case PTHREAD_MUTEX_ERRORCHECK -> "PTHREAD_MUTEX_ERRORCHECK";
            default -> throw new IllegalArgumentException("unknown pthread mutex type " + type);
        };
        Memory attr = new Memory(Pthread.ATTR_SIZE);
        check(Pthread.pthread_mutexattr_init(attr), "pthread_mutexattr_init");
        try {
            check(Pthread.pthread_mutexattr_settype(attr, type), "pthread_mutexattr_settype");
            check(Pthread.pthread_mutex_init(mutex, attr), "pthread_mutex_init");
        } finally {
            Pthread.pthread_mutexattr_destroy(attr);
        }
    }

    /**
     * pthread_mutex_lock(3): blocks (sleeps in futex(2)) while another thread holds the mutex.
     * Allocates nothing when it succeeds, so a forked child may call it.
     */
    @Override
    public void lock() { check(Pthread.pthread_mutex_lock(mutex), "pthread_mutex_lock"); }

    /** False if the mutex is held (EBUSY). */
    public boolean trylock() {
        int r = Pthread.pthread_mutex_trylock(mutex);
        if (r == C.EBUSY) return false;
        check(r, "pthread_mutex_trylock");
        return true;
    }

    @Override
    public void unlock() { check(Pthread.pthread_mutex_unlock(mutex), "pthread_mutex_unlock"); }

    @Override
    public void close() { check(Pthread.pthread_mutex_destroy(mutex), "pthread_mutex_destroy"); }

    @Override
    public String toString() { return name; }

    // The message names the mutex's type: "pthread_mutex_lock(PTHREAD_MUTEX_ERRORCHECK): EDEADLK (...)".
    private void check(int error, String call) {
        if (error != 0) throw new ErrnoException(call + "(" + name + ")", error);
    }

}
