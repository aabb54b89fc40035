package syslab.kernel.io;

import syslab.kernel.log.Log;
import syslab.posix.LibC;

import static syslab.posix.Constants.F_DUPFD_CLOEXEC;
import static syslab.posix.Constants.O_CLOEXEC;
import static syslab.posix.Constants.O_WRONLY;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Owns file descriptors 1 and 2 of the kernel process, as ipykernel does: each is replaced by a
 * pipe whose reader forwards text to the cell that is running. So a libc printf through JNA, a
 * forked child and System.out all reach the notebook, in the order they were written to the fd.
 * Nothing else in the kernel touches fds 1 and 2.
 */
public final class OutputCapture {
    /** Receives captured text; called from reader and flusher threads. */
    public interface Sink {
        void write(boolean stderr, String text);
    }

    private static final long FLUSH_INTERVAL_MILLIS = 20;

    private final CapturedFd out;
    private final CapturedFd err;
    private PrintStream stdout, stderr; // System.out and System.err as the kernel set them

    private OutputCapture(Sink sink) {
        // The log keeps the stderr the kernel was started with, by a copy of the fd: reopening it
        // through /proc/self/fd fails for a pipe another user made (docker run, Kubernetes). With
        // no stderr at all, the log goes nowhere.
        int savedErr = LibC.fcntl(2, F_DUPFD_CLOEXEC, 3);
        if (savedErr < 0) savedErr = LibC.open("/dev/null", O_WRONLY | O_CLOEXEC, 0);
        Log.to(new PrintStream(new FdOutputStream(savedErr), true, StandardCharsets.UTF_8));
        out = new CapturedFd(1, text -> sink.write(false, text));
        err = new CapturedFd(2, text -> sink.write(true, text));
        restoreStreams();
        // Coalesce: many small writes become one stream message per interval.
        Thread flusher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(FLUSH_INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                out.publishPending();
                err.publishPending();
            }
        }, "syslab-output-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Puts the capture back before a cell: fds 1 and 2 onto their pipes again, and new System.out and
     * System.err if a cell closed or replaced them, so what one cell did to them does not silence
     * the next ones.
     */
    public void restore() {
        out.restore();
        err.restore();
        restoreStreams();
    }

    private void restoreStreams() {
        if (System.out != stdout || stdout.checkError()) System.setOut(stdout = fdStream(1));
        if (System.err != stderr || stderr.checkError()) System.setErr(stderr = fdStream(2));
    }

    private static PrintStream fdStream(int fd) {
        return new PrintStream(new FdOutputStream(fd), true, StandardCharsets.UTF_8);
    }

    /** Redirects fds 1 and 2 into pipes read by this capture. */
    public static OutputCapture install(Sink sink) {
        return new OutputCapture(sink);
    }

    /**
     * Delivers everything written so far to fds 1 and 2, Java and C stdio buffers included, before
     * returning (bounded). Called before a cell goes idle and before a display, so output keeps
     * its place.
     */
    public void flush() {
        System.out.flush();
        System.err.flush();
        LibC.fflush(null);
        out.drain();
        err.drain();
    }
}
