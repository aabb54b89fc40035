package syslab.experiments.locks;

import com.sun.jna.Native;
import syslab.posix.ErrnoException;

/** Which CPUs a thread may run on (sched_setaffinity(2)), to make threads outnumber cores. */
public final class Affinity {
    private Affinity() { }

    private static final int CPU_SET_LONGS = 16;   // cpu_set_t: 1024 bits

    /** The lowest-numbered CPU the calling thread may run on now. */
    public static int firstAllowedCpu() {
        long[] mask = new long[CPU_SET_LONGS];
        if (Pthread.sched_getaffinity(0, mask.length * 8L, mask) < 0) {
            throw new ErrnoException("sched_getaffinity(0)", Native.getLastError());
        }
        for (int i = 0; i < mask.length; i++) if (mask[i] != 0) return i * 64 + Long.numberOfTrailingZeros(mask[i]);
        throw new IllegalStateException("sched_getaffinity: empty CPU mask");
    }

    /** Restricts the calling thread to one CPU. */
    public static void pinCurrentThread(int cpu) {
        long[] mask = new long[CPU_SET_LONGS];
        mask[cpu / 64] = 1L << (cpu % 64);
        if (Pthread.sched_setaffinity(0, mask.length * 8L, mask) < 0) {
            throw new ErrnoException("sched_setaffinity(0, cpu " + cpu + ")", Native.getLastError());
        }
    }
}
