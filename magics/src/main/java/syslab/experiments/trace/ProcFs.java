package syslab.experiments.trace;

import syslab.posix.Syscalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
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
     * Whether every thread of this JVM but the caller is asleep (state S). A fork inherits the
     * locks held at that moment but not the threads that hold them; a sleeping thread (waiting for
     * work) holds none of the JVM's, a running one may: the JIT compiler's queue, right after JShell
     * compiled a cell, is the usual one. (syslab.fork's QuietJvm waits for the same moment.)
     */
    static boolean othersAsleep(int selfTid) {
        String self = Integer.toString(selfTid);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (task.getFileName().toString().equals(self)) continue;
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;  // the thread ended meanwhile
                }
                if (stat.charAt(stat.lastIndexOf(')') + 2) != 'S') return false;
            }
            return true;
        } catch (IOException e) {
            return true;  // no /proc: nothing to wait for
        }
    }

    // futex(2) operations
    private static final long FUTEX_WAIT = 0, FUTEX_WAIT_BITSET = 9, FUTEX_PRIVATE_FLAG = 128;

    /**
     * Whether a forked copy of the JVM can never go on: one thread, waiting without timeout on a
     * process-private futex. It waits for a JVM thread (the VM thread, to collect garbage or
     * deoptimize; the JIT compiler's lock) that does not exist in the copy, and nothing else in the
     * process could wake it.
     */
    static boolean stuckInJvm(int pid) {
        try {
            if (!Files.readAllLines(Path.of("/proc/" + pid + "/status")).contains("Threads:\t1")) return false;
            // /proc/PID/syscall: number, six arguments, stack pointer, program counter; or "running"
            String[] s = Files.readString(Path.of("/proc/" + pid + "/syscall")).strip().split(" ");
            if (s.length < 5 || !s[0].equals(Long.toString(Syscalls.SYS_futex))) return false;
            long op = Long.decode(s[2]);
            long cmd = op & ~FUTEX_PRIVATE_FLAG & 127;
            return (op & FUTEX_PRIVATE_FLAG) != 0 && (cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && Long.decode(s[4]) == 0;
        } catch (IOException | RuntimeException e) {
            return false;  // gone, or not readable: the timeout still applies
        }
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
