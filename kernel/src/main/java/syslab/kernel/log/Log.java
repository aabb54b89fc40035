package syslab.kernel.log;

import java.io.PrintStream;
import java.time.LocalTime;

/**
 * The kernel's own diagnostics. They go to the stderr the kernel was started with (the Jupyter
 * server's log), never to a cell: fd 2 is captured for cells once the kernel runs.
 */
public final class Log {
    private static volatile PrintStream sink = System.err;

    private Log() { }

    /** Points the log at the original stderr, saved before fd 2 was redirected. */
    public static void to(PrintStream stream) { sink = stream; }

    public static void warn(String message) { sink.println("[SysLab " + LocalTime.now() + "] " + message); }

    public static void warn(String message, Throwable t) {
        warn(message + ": " + t);
        t.printStackTrace(sink);
    }
}
