package syslab.experiments.ipc.magic;

/** The ranges %pipe and %ipc accept, so that a typo is a usage error rather than an hour's run. */
final class Limits {
    private Limits() { }

    /** Values in a list option (--chunks, --sizes). */
    static final int VALUES = 20;
    /** A chunk: one buffer of this size is allocated per process. */
    static final long CHUNK = 16 << 20;
    /** Bytes per repetition: 1 TiB, minutes at memory speed. */
    static final long BYTES = 1L << 40;
    static final long ROUND_TRIPS = 10_000_000;
    static final long REPETITIONS = 1000;
}
