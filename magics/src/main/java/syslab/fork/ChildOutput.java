package syslab.fork;

import com.sun.jna.Memory;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;
import syslab.posix.PollFds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static syslab.posix.Constants.*;

/**
 * The fds a forked cell writes to and how the parent collects what was written: a pseudo-terminal
 * (the parent reads the master), a pipe (the parent reads the read end), or a regular file (read
 * once the run is over). Every fd the parent holds is close-on-exec so that programs the JVM starts
 * meanwhile do not inherit it (an inherited write end would delay end of file).
 */
final class ChildOutput implements AutoCloseable {
    /** Output kept per run; the rest is read and dropped so a chatty child never blocks. */
    static final int LIMIT = 1 << 20;

    final StdoutMode mode;
    /** What the child puts on fds 1 and 2 (and 0 for a tty). */
    final int childFd;
    /** What the parent reads, or -1 for a file. */
    final int parentFd;
    /** /dev/null, the child's fd 0 when it has no terminal. */
    final int devNull;
    private final Path file;
    /** C stdout's buffer in the child: st_blksize bytes, as glibc allocates; made here, the child must not need the JVM. */
    private final Memory stdoutBuffer;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Memory buf = new Memory(65536);
    private boolean eof;
    private boolean truncated;
    private boolean childFdClosed;

    private ChildOutput(StdoutMode mode, int childFd, int parentFd, Path file) {
        this.mode = mode;
        this.childFd = childFd;
        this.parentFd = parentFd;
        this.file = file;
        this.devNull = C.open("/dev/null", O_RDONLY | O_CLOEXEC);
        long blksize = C.fstat(childFd).blksize();
        this.stdoutBuffer = new Memory(blksize > 0 ? blksize : BUFSIZ);
        this.eof = parentFd < 0;
    }

    static ChildOutput open(StdoutMode mode) {
        switch (mode) {
            case TTY -> {
                int[] master = new int[1], slave = new int[1];
                C.openpty(master, slave);
                C.fcntl(master[0], F_SETFD, FD_CLOEXEC);
                C.fcntl(slave[0], F_SETFD, FD_CLOEXEC);
                return new ChildOutput(mode, slave[0], master[0], null);
            }
            case PIPE -> {
                int[] fd = new int[2];
                C.pipe2(fd, O_CLOEXEC);
                return new ChildOutput(mode, fd[1], fd[0], null);
            }
            default -> {
                try {
                    Path f = Files.createTempFile("syslab-fork-", ".out");
                    return new ChildOutput(mode, C.open(f.toString(), O_WRONLY | O_TRUNC | O_CLOEXEC), -1, f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** In the child: fds 0, 1, 2 as a shell would set them for this mode. */
    void install() {
        LibC.dup2(mode == StdoutMode.TTY ? childFd : devNull, 0);
        LibC.dup2(childFd, 1);
        LibC.dup2(childFd, 2);
    }

    /**
     * In the child, after {@link #install}: C stdout as in a program just started on this fd, line
     * buffered on a terminal, else fully, empty. The JVM's own stdout may have been used already (a
     * cell's printf into the kernel's pipe or terminal), and glibc keeps the pointers of the mode it
     * was used in: setvbuf alone flips the mode flag only, and glibc's printf (since 2.37) and puts
     * then write past a newline without flushing, or a fully buffered stream flushes at every call.
     * A buffer of its own resets the pointers; fseek(0, SEEK_CUR) ends output mode, so the next
     * output sets the buffer up for the new mode (on a pipe or terminal it then fails with ESPIPE).
     */
    void setUpStdout() {
        LibC.setvbuf(LibC.stdout, stdoutBuffer, mode == StdoutMode.TTY ? _IOLBF : _IOFBF, stdoutBuffer.size());
        LibC.fseek(LibC.stdout, 0, SEEK_CUR);
    }

    /** In the parent after fork: only the child keeps the writing side, so the reader sees end of file. */
    void parentAfterFork() {
        closeChildSide();
    }

    private void closeChildSide() {
        if (childFdClosed) return;
        childFdClosed = true;
        LibC.close(childFd);
        LibC.close(devNull);
    }

    boolean eof() { return eof; }

    /**
     * Waits up to timeoutMs for output and takes what is there. A pty master reports EIO once no
     * process has the terminal open any more; a pipe reports end of file (read returns 0).
     */
    void pump(int timeoutMs) {
        if (eof) return;
        PollFds fds = new PollFds(1).set(0, parentFd, POLLIN);
        try {
            if (C.poll(fds, timeoutMs) == 0) return;
        } catch (ErrnoException e) {
            if (e.errno() == EINTR) return; // an interrupt's wakeup: the caller looks at its flag
            throw e;
        }
        long n = LibC.read(parentFd, buf, buf.size());
        if (n > 0) keep(n);
        else if (n == 0) eof = true;
        else {
            ErrnoException e = ErrnoException.last("read(fd=" + parentFd + ")");
            if (e.errno() == EIO) eof = true;
            else if (e.errno() != EINTR && e.errno() != EAGAIN) throw e;
        }
    }

    /** Takes whatever is ready now, without waiting. */
    void drain() {
        int before;
        do {
            before = kept.size();
            pump(0);
        } while (!eof && kept.size() > before);
    }

    private void keep(long n) {
        int room = LIMIT - kept.size();
        if (n > room) truncated = true;
        int take = (int) Math.min(n, Math.max(room, 0));
        if (take > 0) kept.write(buf.getByteArray(0, take), 0, take);
    }

    boolean truncated() { return truncated; }

    /** The text written, with a terminal's \r\n turned into \n. */
    String text() {
        byte[] bytes;
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(LIMIT);
                truncated = in.read() >= 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            bytes = kept.toByteArray();
        }
        String s = new String(bytes, StandardCharsets.UTF_8);
        return mode == StdoutMode.TTY ? s.replace("\r\n", "\n") : s;
    }

    @Override
    public void close() {
        closeChildSide();
        if (parentFd >= 0) LibC.close(parentFd);
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        buf.close();
        stdoutBuffer.close();
    }
}
