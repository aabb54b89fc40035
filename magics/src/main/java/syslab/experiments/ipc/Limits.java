package syslab.experiments.ipc;

/** The ranges the pipe and IPC experiments take, shared by their {@code Params}. */
final class Limits {
    private Limits() { }

    /** A chunk: one buffer of this size is allocated per process. */
    static final int CHUNK = 16 << 20;
    /** Bytes per repetition: 1 TiB, minutes at memory speed. */
    static final long BYTES = 1L << 40;
    static final int ROUND_TRIPS = 10_000_000;
    static final int REPETITIONS = 1000;
}
