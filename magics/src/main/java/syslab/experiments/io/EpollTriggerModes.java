package syslab.experiments.io;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import syslab.experiments.common.Labels;
import syslab.experiments.common.Param;
import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * epoll's trigger modes when a reader takes only part of what is there. A writer sends chunks over a
 * socket; after each chunk the reader runs an event loop (epoll_wait with timeout 0 until it reports
 * nothing) and reads --read-bytes per wakeup. Level-triggered epoll reports the fd as long as bytes
 * are left, so partial reads cost more wakeups but nothing is left behind. Edge-triggered epoll
 * reports it once per arrival, so a reader that does not read to EAGAIN leaves bytes it will not be
 * told about until more arrive. ET with draining reads until EAGAIN on every wakeup.
 */
public final class EpollTriggerModes {
    private EpollTriggerModes() { }

    public enum Mode {
        LT, ET, ET_DRAIN;

        public String label() { return Labels.of(this); }

        public static Mode parse(String name) { return Labels.parse(Mode.class, name); }
    }

    /** Writes of {@code chunkBytes} (at most 64 KiB, so that one fits the socket buffer), reads of {@code readBytes}. */
    public record Params(
            @Param(value = "Chunks written, each followed by the reader's event loop", label = "N", min = 1, max = 100_000) int chunks,
            @Param(value = "Bytes per chunk", label = "BYTES", min = 1, max = 65536) int chunkBytes,
            @Param(value = "Bytes asked for by one read", label = "BYTES", min = 1, max = 65536) int readBytes,
            @Param(value = "Trigger modes", label = "MODE") List<Mode> modes) {
        public Params {
            modes = List.copyOf(modes);
            if (chunks < 1) throw new IllegalArgumentException("chunks must be >= 1");
            if (chunkBytes < 1 || chunkBytes > 65536) throw new IllegalArgumentException("chunk bytes must be 1 to 65536");
            if (readBytes < 1) throw new IllegalArgumentException("read bytes must be >= 1");
            if (modes.isEmpty()) throw new IllegalArgumentException("modes: give at least one");
        }

        /** 10 chunks of 1,000 bytes, read 100 bytes at a time, in every mode. */
        public static Params defaults() {
            return new Params(10, 1000, 100, List.of(Mode.values()));
        }
    }

    public static Table run(Params p) {
        Table t = Table.create("epoll trigger modes: " + p.chunks() + " chunks of " + p.chunkBytes() + " bytes, "
                + p.readBytes() + " bytes read per read",
            StringColumn.create("mode"), IntColumn.create("bytes written"), IntColumn.create("wakeups"),
            IntColumn.create("reads"), IntColumn.create("reads with EAGAIN"), IntColumn.create("bytes read"),
            IntColumn.create("bytes left unread"));
        for (Mode m : p.modes()) {
            try (Fds fds = new Fds()) {
                measure(m, p, fds, t);
            }
        }
        return t;
    }

    private static void measure(Mode mode, Params p, Fds fds, Table t) {
        int[] sv = fds.socketpair(LibC.SOCK_NONBLOCK);
        int reader = sv[0], writer = sv[1];
        int ep = fds.add(C.epoll_create1(LibC.EPOLL_CLOEXEC));
        C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, reader, LibC.EPOLLIN | (mode == Mode.LT ? 0 : LibC.EPOLLET));
        EpollEvents events = new EpollEvents(1);
        Memory chunk = new Memory(p.chunkBytes());
        chunk.clear();
        Memory buf = new Memory(Math.max(p.readBytes(), p.chunkBytes()));
        Counts c = new Counts();
        // An LT loop ends once the chunk is read; the bound only stops a kernel that misbehaves.
        int maxWakeupsPerChunk = p.chunkBytes() * p.chunks() / p.readBytes() + 2;
        for (int i = 0; i < p.chunks(); i++) {
            c.written += C.write(writer, chunk, p.chunkBytes());
            int wakeups = 0;
            while (C.epoll_wait(ep, events, 0) == 1) {
                if (++wakeups > maxWakeupsPerChunk) throw new IllegalStateException(mode.label() + ": epoll_wait kept reporting the fd");
                c.wakeups++;
                if (mode == Mode.ET_DRAIN) {
                    while (read(reader, buf, p.readBytes(), c) > 0) { }
                } else {
                    read(reader, buf, p.readBytes(), c);
                }
            }
        }
        int readSoFar = c.read;
        Counts rest = new Counts();
        while (read(reader, buf, (int) buf.size(), rest) > 0) { }
        t.stringColumn("mode").append(mode.label());
        t.intColumn("bytes written").append(c.written);
        t.intColumn("wakeups").append(c.wakeups);
        t.intColumn("reads").append(c.reads);
        t.intColumn("reads with EAGAIN").append(c.eagain);
        t.intColumn("bytes read").append(readSoFar);
        t.intColumn("bytes left unread").append(rest.read);
    }

    /** One non-blocking read: the byte count, or 0 for EAGAIN (the peer never closes here). */
    private static int read(int fd, Memory buf, int count, Counts c) {
        long n = LibC.read(fd, buf, count);
        c.reads++;
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno != LibC.EAGAIN) throw new ErrnoException("read(fd=" + fd + ", count=" + count + ")", errno);
            c.eagain++;
            return 0;
        }
        c.read += (int) n;
        return (int) n;
    }

    private static final class Counts {
        int written, wakeups, reads, eagain, read;
    }
}
