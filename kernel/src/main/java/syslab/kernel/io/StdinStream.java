package syslab.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * System.in for cells: each line is asked of the notebook (an {@code input_request}) when the
 * running request allows stdin; otherwise the cell sees end-of-file at once, as under nbclient or
 * an autograder, instead of hanging.
 */
public final class StdinStream extends InputStream {
    /** Asks the client for one line; returns null when stdin is not allowed or the ask failed. */
    private final Supplier<String> askLine;
    private byte[] line = new byte[0];
    private int position;

    public StdinStream(Supplier<String> askLine) { this.askLine = askLine; }

    private boolean fill() {
        if (position < line.length) return true;
        String text = askLine.get();
        if (text == null) return false;
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }

    @Override
    public synchronized int read() {
        return fill() ? line[position++] & 0xff : -1;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, line.length - position);
        System.arraycopy(line, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - position;
    }

    /** Forgets a half-read line: a new cell starts with a fresh question. */
    public synchronized void reset() {
        line = new byte[0];
        position = 0;
    }
}
