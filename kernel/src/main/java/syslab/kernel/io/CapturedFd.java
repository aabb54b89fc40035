package syslab.kernel.io;

import syslab.kernel.log.Log;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static syslab.posix.Constants.F_DUPFD_CLOEXEC;

/**
 * One captured descriptor: the fd now writes into a pipe; a reader thread decodes UTF-8 (keeping
 * sequences split across reads whole) and keeps the text until it is published. {@link #drain}
 * writes a marker through the pipe and waits until the reader has seen it: everything written
 * before the marker has then been read.
 */
final class CapturedFd {
    private static final char MARK_START = '\u0001';
    private static final char MARK_END = '\u0002';
    private static final String MARK_PREFIX = MARK_START + "syslab-drain-";
    private static final long DRAIN_TIMEOUT_MILLIS = 1000;
    private static final int SAVED_FD_MIN = 100;

    private final int fd;
    private final int pipeWriteEnd; // a copy the cell cannot mistake for 1 or 2; see restore()
    private final Consumer<String> publish;
    private final OutputStream writer;
    private final StringBuilder pending = new StringBuilder();
    private final Object publishLock = new Object();
    private long marksWritten;
    private long marksSeen;

    CapturedFd(int fd, Consumer<String> publish) {
        this.fd = fd;
        this.publish = publish;
        int[] pipe = new int[2];
        if (LibC.pipe(pipe) != 0) throw new IllegalStateException("pipe: errno " + com.sun.jna.Native.getLastError());
        LibC.dup2(pipe[1], fd);
        // well above the fds a cell opens, so a cell rarely reuses or closes it
        pipeWriteEnd = LibC.fcntl(pipe[1], F_DUPFD_CLOEXEC, SAVED_FD_MIN);
        LibC.close(pipe[1]);
        InputStream reader = new FdInputStream(pipe[0]);
        writer = new FdOutputStream(fd);
        Thread thread = new Thread(() -> readForever(reader), "syslab-capture-fd" + fd);
        thread.setDaemon(true);
        thread.start();
    }

    private void readForever(InputStream reader) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        StringBuilder carry = new StringBuilder(); // text that may hold the start of a marker
        try {
            while (true) {
                int n = reader.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) return;
                bytes.position(bytes.position() + n);
                bytes.flip();
                decoder.decode(bytes, chars, false);
                bytes.compact();
                chars.flip();
                carry.append(chars);
                chars.clear();
                accept(carry);
            }
        } catch (IOException e) {
            Log.warn("capture of fd " + fd + " ended", e);
        }
    }

    /** Moves text out of carry into pending, counting and removing drain markers. */
    private void accept(StringBuilder carry) {
        long seen = 0;
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < carry.length()) {
            int start = carry.indexOf(MARK_PREFIX, i);
            if (start < 0) {
                // keep a trailing partial marker prefix for the next read
                int hold = partialPrefixAt(carry, i);
                text.append(carry, i, hold);
                i = hold;
                break;
            }
            int end = carry.indexOf(String.valueOf(MARK_END), start);
            if (end < 0) {
                text.append(carry, i, start);
                i = start;
                break;
            }
            text.append(carry, i, start);
            seen++;
            i = end + 1;
        }
        carry.delete(0, i);
        synchronized (this) {
            pending.append(text);
            marksSeen += seen;
            if (seen > 0) notifyAll();
        }
    }

    private static int partialPrefixAt(StringBuilder s, int from) {
        int last = s.lastIndexOf(String.valueOf(MARK_START));
        if (last >= from && MARK_PREFIX.startsWith(s.substring(last))) return last;
        return s.length();
    }

    /** Points the fd at the capture's pipe again, whatever a cell made of it (closed it, dup2'd a file onto it). */
    void restore() {
        if (LibC.dup2(pipeWriteEnd, fd) < 0) Log.warn(new ErrnoException("dup2(" + pipeWriteEnd + ", " + fd + ")",
                com.sun.jna.Native.getLastError()).getMessage());
    }

    /** Publishes the text read so far, if any. */
    void publishPending() {
        synchronized (publishLock) { // keeps chunks in order between the flusher and drain()
            String text;
            synchronized (this) {
                if (pending.length() == 0) return;
                text = pending.toString();
                pending.setLength(0);
            }
            publish.accept(text);
        }
    }

    /** Waits until everything written to the fd before this call is read, then publishes it. */
    void drain() {
        long target;
        synchronized (this) {
            target = ++marksWritten;
        }
        try {
            writer.write((MARK_PREFIX + target + MARK_END).getBytes(StandardCharsets.UTF_8));
            writer.flush();
            long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MILLIS;
            synchronized (this) {
                long left;
                while (marksSeen < target && (left = deadline - System.currentTimeMillis()) > 0) {
                    wait(left);
                }
            }
        } catch (IOException e) {
            Log.warn("drain of fd " + fd + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishPending();
    }
}
