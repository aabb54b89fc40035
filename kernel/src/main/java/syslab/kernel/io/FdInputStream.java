package syslab.kernel.io;

import com.sun.jna.Native;
import syslab.posix.Constants;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a file descriptor number with read(2): a stream on an fd the kernel holds, without
 * reopening it through /proc/self/fd, which checks the pipe's owner and fails for a pipe another
 * user made (the kernel's stderr under docker run or Kubernetes).
 */
final class FdInputStream extends InputStream {
    private final int fd;

    FdInputStream(int fd) { this.fd = fd; }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        byte[] into = off == 0 ? b : new byte[len];
        while (true) {
            long n = LibC.read(fd, into, len);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == Constants.EINTR) continue;
                throw new IOException(new ErrnoException("read(fd=" + fd + ")", errno).getMessage());
            }
            if (n == 0) return -1;
            if (into != b) System.arraycopy(into, 0, b, off, (int) n);
            return (int) n;
        }
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
