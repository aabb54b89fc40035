package syslab.magic.ipc;

/** The ranges %pipe and %ipc accept, so that a typo is a usage error rather than an hour's run. */
public final class Limits {
    private Limits() { }

    /** Values in a list option (--chunks, --sizes). */
    public static final int VALUES = 20;
    /** A chunk: one buffer of this size is allocated per process. */
    public static final long CHUNK = 16 << 20;
    /** Bytes per repetition: 1 TiB, minutes at memory speed. */
    public static final long BYTES = 1L << 40;
    public static final long ROUND_TRIPS = 10_000_000;
    public static final long REPETITIONS = 1000;
}
