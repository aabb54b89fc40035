package syslab.experiments.ipc;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import syslab.experiments.common.Param;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

import static syslab.posix.Constants.*;

/**
 * How much a pipe holds: non-blocking writes until EAGAIN, beside what F_GETPIPE_SZ reports, for
 * a new pipe and after F_SETPIPE_SZ. The kernel rounds a requested size up to a power-of-two
 * number of pages; the pipe holds one page per slot, so 4096-byte writes fill it exactly, and
 * single bytes then top up nothing (a full page is never merged into).
 */
public final class PipeCapacity {
    private PipeCapacity() { }

    /** Sizes to ask F_SETPIPE_SZ for, each on a new pipe (a first row shows the default). */
    public record Params(@Param(value = "Sizes to ask F_SETPIPE_SZ for", label = "BYTES", min = 1, max = 1 << 30, bytes = true)
                         List<Integer> sizes) {
        public Params {
            sizes = List.copyOf(sizes);
        }

        public static Params defaults() { return new Params(List.of(4096, 100_000, 1 << 20)); }
    }

    public static Table run(Params p) {
        StringColumn pipe = StringColumn.create("pipe");
        IntColumn requested = IntColumn.create("requested");
        IntColumn getSize = IntColumn.create("F_GETPIPE_SZ");
        LongColumn capacity = LongColumn.create("bytes until EAGAIN");
        measure(null, pipe, requested, getSize, capacity);
        for (int size : p.sizes()) measure(size, pipe, requested, getSize, capacity);
        return Table.create("pipe capacity", pipe, requested, getSize, capacity);
    }

    private static void measure(Integer size, StringColumn pipe, IntColumn requested, IntColumn getSize, LongColumn capacity) {
        int[] fd = new int[2];
        C.pipe2(fd, O_NONBLOCK | O_CLOEXEC);
        try {
            if (size == null) {
                pipe.append("new pipe");
                requested.appendMissing();
            } else {
                C.fcntl(fd[1], F_SETPIPE_SZ, size);
                pipe.append("F_SETPIPE_SZ " + size);
                requested.append(size);
            }
            getSize.append(C.fcntl(fd[1], F_GETPIPE_SZ));
            capacity.append(fill(fd[1]));
        } finally {
            C.close(fd[0]);
            C.close(fd[1]);
        }
    }

    /** Bytes a non-blocking write end takes before EAGAIN: pages first, then single bytes. */
    static long fill(int writeFd) {
        Memory page = Bandwidth.filled(4096);
        long total = 0;
        for (int chunk : new int[] {4096, 1}) {
            while (true) {
                long n = LibC.write(writeFd, page, chunk);
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno == EAGAIN) break;
                    throw new ErrnoException("write(fd=" + writeFd + ", count=" + chunk + ")", errno);
                }
                total += n;
            }
        }
        return total;
    }
}
