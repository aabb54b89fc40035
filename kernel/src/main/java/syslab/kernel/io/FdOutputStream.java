package syslab.kernel.io;

import com.sun.jna.Native;
import syslab.posix.Constants;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes straight to a file descriptor number with write(2). Unlike a stream on
 * FileDescriptor.out, which {@code System.out.close()} invalidates for good, it writes to whatever
 * the fd is now, and closing it leaves the fd open: the fd belongs to the kernel.
 */
final class FdOutputStream extends OutputStream {
    private final int fd;

    FdOutputStream(int fd) { this.fd = fd; }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        byte[] rest = off == 0 ? b : Arrays.copyOfRange(b, off, off + len);
        while (len > 0) {
            long n = LibC.write(fd, rest, len);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == Constants.EINTR) continue; // the interrupter's wakeup signal
                throw new IOException(new ErrnoException("write(fd=" + fd + ")", errno).getMessage());
            }
            len -= (int) n;
            if (len > 0) rest = Arrays.copyOfRange(rest, (int) n, (int) n + len);
        }
    }

    @Override
    public void close() { }
}
