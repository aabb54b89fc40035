package syslab.kernel.log;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Timestamps of a request's phases, for bench/cell_breakdown.py: off unless the kernel is started
 * with SYSLAB_TIMING=FILE, then each {@link #mark} appends "phase nanoTime thread" to FILE.
 * System.nanoTime is CLOCK_MONOTONIC, the clock Python's time.monotonic_ns reads, so the bench
 * puts the client's send and receive times on the same line as the kernel's.
 */
public final class Timing {
    private static final PrintStream out = open(System.getenv("SYSLAB_TIMING"));

    private Timing() { }

    public static boolean on() { return out != null; }

    public static void mark(String phase) {
        if (out == null) return;
        long now = System.nanoTime();
        synchronized (out) {
            out.print(phase);
            out.print(' ');
            out.print(now);
            out.print(' ');
            out.println(Thread.currentThread().getName());
        }
    }

    /** Writes what was marked; called once a request is answered, off the measured path. */
    public static void flush() {
        if (out != null) out.flush();
    }

    private static PrintStream open(String file) {
        if (file == null || file.isEmpty()) return null;
        try {
            return new PrintStream(new BufferedOutputStream(new FileOutputStream(file, true), 1 << 16), false,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            Log.warn("SYSLAB_TIMING: cannot write " + file + ": " + e.getMessage());
            return null;
        }
    }
}
