package syslab.experiments.locks;

/** The two operations the lock experiments use, so that Java and pthread locks run the same loop. */
public interface SimpleLock {
    void lock();

    void unlock();
}
