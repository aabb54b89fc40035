package syslab.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /proc/PID/io, opened now and read once the process has ended: rchar, wchar, syscr
 * (read-family system calls: read, pread, readv ...), syscw (write-family), read_bytes,
 * write_bytes, cancelled_write_bytes, for the whole process and the children it has reaped.
 * Opened while the process lives: an ended process's /proc files belong to root, so a user
 * other than root could no longer open them (EACCES); reading an open file needs only that
 * the reader may ptrace the process.
 */
public final class ProcIo implements AutoCloseable {
    private final FileChannel file;
    private final int pid;

    private ProcIo(FileChannel file, int pid) {
        this.file = file;
        this.pid = pid;
    }

    public static ProcIo open(int pid) {
        try {
            return new ProcIo(FileChannel.open(Path.of("/proc/" + pid + "/io")), pid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open /proc/" + pid + "/io", e);
        }
    }

    /** The counters as they are now. */
    public Map<String, Long> read() {
        Map<String, Long> counters = new LinkedHashMap<>();
        try {
            file.position(0);
            // not closed: closing the stream would close the channel
            byte[] text = Channels.newInputStream(file).readAllBytes();
            for (String line : new String(text, StandardCharsets.US_ASCII).split("\n")) {
                int colon = line.indexOf(':');
                counters.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/io", e);
        }
        return counters;
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing was written: nothing is lost
        }
    }
}
