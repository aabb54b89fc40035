package syslab.experiments.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What /proc tells about a process without tracing it (proc(5)). */
final class ProcFs {
    private ProcFs() { }

    /**
     * Whether the process has ended and waits to be reaped: a zombie with no thread left. (A main
     * thread that called pthread_exit makes the process look like a zombie in /proc/PID/stat while
     * its other threads still run; /proc/PID/status then counts them.) Its /proc entry, counters
     * included, lives until it is reaped. A pid that no longer exists counts as ended.
     */
    static boolean isZombie(int pid) {
        List<String> status;
        try {
            status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return status.stream().anyMatch(l -> l.startsWith("State:\tZ")) && status.contains("Threads:\t1");
    }

    /**
     * /proc/PID/io, opened now and read once the process has ended: rchar, wchar, syscr
     * (read-family system calls: read, pread, readv ...), syscw (write-family), read_bytes,
     * write_bytes, cancelled_write_bytes, for the whole process and the children it has reaped.
     * Opened while the process lives: an ended process's /proc files belong to root, so a user
     * other than root could no longer open them (EACCES); reading an open file needs only that
     * the reader may ptrace the process.
     */
    static final class Io implements AutoCloseable {
        private final FileChannel file;
        private final int pid;

        private Io(FileChannel file, int pid) {
            this.file = file;
            this.pid = pid;
        }

        static Io open(int pid) {
            try {
                return new Io(FileChannel.open(Path.of("/proc/" + pid + "/io")), pid);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open /proc/" + pid + "/io", e);
            }
        }

        /** The counters as they are now. */
        Map<String, Long> read() {
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
}
