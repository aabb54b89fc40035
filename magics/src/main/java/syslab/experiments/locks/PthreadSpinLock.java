package syslab.experiments.locks;

import com.sun.jna.Memory;

/** A pthread_spinlock_t (process-private) in native memory: pthread_spin_lock(3) busy-waits. */
public final class PthreadSpinLock implements SimpleLock, AutoCloseable {
    private static final int PTHREAD_PROCESS_PRIVATE = 0;
    private final Memory lock = new Memory(Pthread.SPINLOCK_SIZE);

    public PthreadSpinLock() {
        Pthread.check(Pthread.pthread_spin_init(lock, PTHREAD_PROCESS_PRIVATE), "pthread_spin_init");
    }

    @Override
    public void lock() { Pthread.check(Pthread.pthread_spin_lock(lock), "pthread_spin_lock"); }

    @Override
    public void unlock() { Pthread.check(Pthread.pthread_spin_unlock(lock), "pthread_spin_unlock"); }

    @Override
    public void close() { Pthread.check(Pthread.pthread_spin_destroy(lock), "pthread_spin_destroy"); }
}
