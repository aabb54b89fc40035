package syslab.experiments.proc;

import com.sun.jna.Pointer;
import syslab.posix.C;

import java.time.Duration;

import static syslab.posix.Constants.*;

/**
 * Memory shared with forked children: an anonymous MAP_SHARED mapping, which fork does not copy.
 * A header of process-shared semaphores (one per cache line) comes before the data.
 */
public final class Shared implements AutoCloseable {
    private static final int LINE = 64;
    /** Room for 64 semaphores before the data, which starts on a page. */
    public static final int HEADER = 4096;

    private final Pointer base;
    private final long size;
    private final int[] initialised = new int[HEADER / LINE];
    private int semaphores;

    public Shared(long size) {
        this.size = size;
        this.base = C.mmap(null, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    }

    /** Semaphore number {@code i} (0..63), set to {@code value}, shared between processes. */
    public Pointer semaphore(int i, int value) {
        Pointer sem = base.share((long) i * LINE);
        C.sem_init(sem, 1, value);
        initialised[semaphores++] = i;
        return sem;
    }

    /** The data after the header. */
    public Pointer data() { return base.share(HEADER); }

    /** A timespec on CLOCK_REALTIME (the clock sem_timedwait takes) {@code d} from now. */
    public static long[] deadline(Duration d) {
        long ms = System.currentTimeMillis() + d.toMillis();
        return new long[] {ms / 1000, ms % 1000 * 1_000_000};
    }

    @Override
    public void close() {
        for (int k = 0; k < semaphores; k++) C.sem_destroy(base.share((long) initialised[k] * LINE));
        C.munmap(base, size);
    }
}
