package syslab.experiments.locks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test-and-test-and-set spinlock: a waiter reads the flag (from its own cache) until it looks
 * free and only then tries the atomic compare-and-set, so waiters do not fight over the cache line
 * while the lock is held. It never sleeps: a waiter burns its CPU until the holder lets go.
 */
public final class SpinLock implements SimpleLock {
    private final AtomicBoolean locked = new AtomicBoolean();

    @Override
    public void lock() {
        while (locked.get() || !locked.compareAndSet(false, true)) Thread.onSpinWait();
    }

    @Override
    public void unlock() {
        locked.set(false);
    }
}
