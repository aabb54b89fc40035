package syslab.magic;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Replaces System.out and System.err for the length of a test, as the kernel's capture does, and
 * keeps what was written. An optional listener sees System.out's text as it arrives, so a test can
 * react to output while the magic is still running.
 */
public final class OutputCapture implements AutoCloseable {
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    public OutputCapture() {
        this(text -> { });
    }

    public OutputCapture(Consumer<String> onStdout) {
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                onStdout.accept(out.toString(StandardCharsets.UTF_8));
            }
        }, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    // ByteArrayOutputStream is synchronized, so pump threads may write while the test reads
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }
}
