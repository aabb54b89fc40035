package syslab.experiments.ipc;

import syslab.experiments.common.Labels;
import syslab.posix.C;
import syslab.posix.LibC;

/**
 * Where the two processes of a measurement run. A round trip costs two process switches when both
 * share one CPU, and cross-CPU wakeups (an inter-processor interrupt, a cold cache) when they do not.
 */
public enum Placement {
    /** Both pinned to one CPU: every message is a switch from one process to the other. */
    ONE_CPU,
    /** Pinned to two different CPUs. */
    TWO_CPUS,
    /** Wherever the scheduler puts them. */
    FREE;

    /** As users type it: "one-cpu". */
    public String label() { return Labels.of(this); }

    @Override
    public String toString() { return label(); }

    public static Placement parse(String label) { return Labels.parse(Placement.class, "placement", label); }

    /**
     * Pins the calling thread (the parent side) for this placement until {@link Pinned#close};
     * a child forked meanwhile inherits the pinning and calls {@link Pinned#inChild} to move
     * itself where the placement wants the second process.
     */
    public Pinned pin(int processes) {
        long[] saved = C.sched_getaffinity(0);
        int[] cpus = cpus(saved);
        long[][] masks = new long[processes][];
        if (this != FREE) {
            if (this == TWO_CPUS && cpus.length < 2) throw new IllegalArgumentException("two-cpus: this thread may run on one CPU only");
            for (int i = 0; i < processes; i++) masks[i] = mask(this == ONE_CPU ? cpus[0] : cpus[i % 2]);
            C.sched_setaffinity(0, masks[0]);
        }
        return new Pinned(saved, masks);
    }

    /** The pinning of one measurement: masks[i] is where process i runs (0 the parent), null when free. */
    public static final class Pinned implements AutoCloseable {
        private final long[] saved;
        private final long[][] masks;

        Pinned(long[] saved, long[][] masks) {
            this.saved = saved;
            this.masks = masks;
        }

        /** In forked child number {@code i} (1, 2...): moves it to its CPU. Native calls only. */
        public void inChild(int i) {
            if (masks[i] != null) LibC.sched_setaffinity(0, C.CPU_SETSIZE / 8, masks[i]);
        }

        @Override
        public void close() {
            C.sched_setaffinity(0, saved);
        }
    }

    private static int[] cpus(long[] mask) {
        int[] cpus = new int[C.CPU_COUNT(mask)];
        for (int cpu = 0, i = 0; i < cpus.length; cpu++) if (C.CPU_ISSET(cpu, mask)) cpus[i++] = cpu;
        return cpus;
    }

    private static long[] mask(int cpu) {
        long[] m = new long[C.CPU_SETSIZE / 64];
        C.CPU_SET(cpu, m);
        return m;
    }
}
