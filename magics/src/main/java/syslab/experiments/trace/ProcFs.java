package syslab.experiments.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
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
     * /proc/PID/io: rchar, wchar, syscr (read-family system calls: read, pread, readv ...), syscw
     * (write-family), read_bytes, write_bytes, cancelled_write_bytes, for the whole process and
     * the children it has reaped. Reading another user's process needs ptrace access as well.
     */
    static Map<String, Long> io(int pid) {
        Map<String, Long> counters = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                int colon = line.indexOf(':');
                counters.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/io", e);
        }
        return counters;
    }
}
