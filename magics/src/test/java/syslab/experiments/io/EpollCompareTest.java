package syslab.experiments.io;

import syslab.experiments.common.Columns;
import syslab.experiments.common.Monitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import syslab.experiments.io.EpollCompare.WaitCall;
import syslab.experiments.io.EpollCompare.Params;
import syslab.experiments.io.EpollCompare.ReadyAt;
import syslab.posix.C;
import syslab.posix.LibC;
import tech.tablesaw.api.Table;

class EpollCompareTest {
    @Test
    void measuresEachMethodAndSelectRefusesASetWithAnFdFromFdSetSize() {
        Leftovers before = Leftovers.now();
        Table t = EpollCompare.run(new Params(List.of(10, 1100), 1, 5, List.of(WaitCall.values()), ReadyAt.LAST, false));

        assertEquals(List.of("select", "poll", "epoll", "select", "poll", "epoll"), t.stringColumn("method").asList());
        assertEquals(List.of(10, 10, 10, 1100, 1100, 1100), t.intColumn("idle fds").asList());
        for (int r = 0; r < t.rowCount(); r++) {
            boolean refused = r == 3;
            assertEquals(refused, t.doubleColumn("median µs").isMissing(r), "row " + r);
            assertEquals(refused ? 0 : 5, t.intColumn("calls").getInt(r));
            if (!refused) {
                assertTrue(t.doubleColumn("median µs").getDouble(r) > 0);
                assertTrue(t.doubleColumn("p90 µs").getDouble(r) >= t.doubleColumn("median µs").getDouble(r));
            }
        }
        String note = t.stringColumn("note").get(3);
        assertTrue(note.startsWith("refused: the set holds fd ") && note.contains("FD_SETSIZE = 1024"), note);
        assertEquals(before, Leftovers.now(), "every fd closed and every child reaped");
    }

    /** --with-c: wait_cost.c measures the same sweep; its columns are positive and the ratio is Java's median over C's. */
    @Test
    void withCMeasuresTheSameSweepInCBesideJava() {
        Leftovers before = Leftovers.now();
        Table t = EpollCompare.run(new Params(List.of(10, 1100), 2, 20, List.of(WaitCall.values()), ReadyAt.FIRST, true));

        String cMedian = Columns.inC("median µs"), cP90 = Columns.inC("p90 µs");
        assertEquals(List.of("method", "idle fds", "ready fds", "median µs", "p90 µs", cMedian, cP90, Columns.JAVA_OVER_C, "calls", "note"),
            t.columnNames());
        for (int r = 0; r < t.rowCount(); r++) {
            double java = t.doubleColumn("median µs").getDouble(r), c = t.doubleColumn(cMedian).getDouble(r);
            if (r == 3) {
                // select at 1,100 idle fds: past FD_SETSIZE for the C program too
                assertTrue(Double.isNaN(java) && Double.isNaN(c), t.print());
                assertTrue(t.stringColumn("note").get(r).contains("; C: refused, the set holds fd "), t.stringColumn("note").get(r));
                assertTrue(t.doubleColumn(Columns.JAVA_OVER_C).isMissing(r));
                continue;
            }
            assertTrue(c > 0 && t.doubleColumn(cP90).getDouble(r) >= c, "row " + r + ":\n" + t.print());
            assertEquals(java / c, t.doubleColumn(Columns.JAVA_OVER_C).getDouble(r), 1e-12, "row " + r);
        }
        // the kernel's cost grows with the fds for poll, not for epoll, in C as in Java
        assertTrue(t.doubleColumn(cMedian).getDouble(4) > t.doubleColumn(cMedian).getDouble(1), t.print());
        assertEquals(before, Leftovers.now(), "every fd closed and every child reaped, the C program's too");
    }

    /**
     * The wait calls get their arrays by address: the arrays must stay alive for as long as the
     * calls run, whatever the garbage collector does meanwhile. (They once did not: a collection
     * freed the pollfd array under poll, whose writes then corrupted malloc's heap.)
     */
    @Test
    void theArraysOfTheWaitCallsOutliveEveryCollection() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
                // what malloc hands out next may be what the collection freed: fill it with fds that are not watched
                try (com.sun.jna.Memory m = new com.sun.jna.Memory(8 * 1001)) {
                    m.setMemory(0, m.size(), (byte) 0x7f);
                }
                LibC.usleep(2000);
            }
        });
        collector.start();
        try {
            Table t = EpollCompare.run(new Params(List.of(1000), 1, 2000, List.of(WaitCall.POLL, WaitCall.EPOLL), ReadyAt.LAST, false));
            assertEquals(List.of(2000, 2000), t.intColumn("calls").asList());
        } finally {
            done.set(true);
            collector.join();
        }
    }

    @Test
    void anInterruptStopsTheSweepAndLeavesNothingBehind() {
        Leftovers before = Leftovers.now();
        AtomicInteger checks = new AtomicInteger();
        // interrupted from the 50th check on: mid-way through the first size's rounds
        Params p = new Params(List.of(3000), 1, 1000, List.of(WaitCall.POLL), ReadyAt.LAST, false);
        assertThrows(CancellationException.class, () -> EpollCompare.run(p, Monitor.of("epoll compare", null, () -> checks.incrementAndGet() >= 50)));
        assertEquals(50, checks.get(), "stopped at the first check that saw the interrupt");
        assertEquals(before, Leftovers.now());
    }

    @Test
    void idleSocketsAreConnectedButNeverReadyAndTheirPeersLiveInChildren() {
        try (Fds fds = new Fds(); ChildGroup children = new ChildGroup(); NofileLimit limit = new NofileLimit()) {
            int[] idle = IdleSockets.open(5000, fds, children, limit.soft(), Monitor.NONE);
            assertEquals(5000, fds.count(), "only our ends stay open here");
            assertEquals(2, children.pids().size(), "peers handed to children, 4000 at most each");
            // the peers left no holes: every fd number up to our highest is open, as select needs
            int highest = java.util.Arrays.stream(idle).max().getAsInt();
            for (int fd = 0; fd <= highest; fd++) assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + fd)), "fd " + fd);
            syslab.posix.PollFds pfds = new syslab.posix.PollFds(idle.length);
            for (int i = 0; i < idle.length; i++) pfds.set(i, idle[i], LibC.POLLIN | LibC.POLLOUT);
            // writable (connected, peer alive: no POLLHUP, no POLLERR) and not readable
            assertEquals(idle.length, C.poll(pfds, 0));
            for (int i = 0; i < idle.length; i++) assertEquals(LibC.POLLOUT, pfds.revents(i), "fd " + idle[i]);
            assertEquals(1, C.write(idle[0], "x"));
        }
    }

    @Test
    void placementOrdersTheSetAndTheFdNumbers() {
        for (ReadyAt placement : ReadyAt.values()) {
            try (Fds fds = new Fds(); ChildGroup children = new ChildGroup(); NofileLimit limit = new NofileLimit()) {
                WatchedSet set = WatchedSet.open(20, 2, placement, fds, children, limit.soft(), Monitor.NONE);
                assertEquals(22, set.watched.length);
                int at = placement == ReadyAt.FIRST ? 0 : 20;
                assertEquals(set.readers[0], set.watched[at]);
                assertEquals(set.readers[1], set.watched[at + 1]);
                int max = java.util.Arrays.stream(set.watched).max().getAsInt();
                int min = java.util.Arrays.stream(set.watched).min().getAsInt();
                assertEquals(placement == ReadyAt.LAST, set.readers[1] == max, placement.label());
                assertEquals(placement == ReadyAt.FIRST, set.readers[0] == min, placement.label());
                for (int w : set.writers) {
                    assertFalse(java.util.Arrays.stream(set.watched).anyMatch(fd -> fd == w), "writers are not watched");
                }
            }
        }
    }

    @Test
    void labelsParseAsTyped() {
        assertEquals(WaitCall.EPOLL, WaitCall.parse("epoll"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WaitCall.parse("kqueue"));
        assertEquals("unknown method 'kqueue'; one of select, poll, epoll", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Params(List.of(10), 0, 5, List.of(WaitCall.POLL), ReadyAt.LAST, false));
        // 100 million rounds would ask for 800 MB of times at once: refused with the bound, not an OutOfMemoryError
        e = assertThrows(IllegalArgumentException.class, () -> new Params(List.of(10), 1, 100_000_000, List.of(WaitCall.POLL), ReadyAt.LAST, false));
        assertEquals("rounds must be 1 to 1000000", e.getMessage());
    }
}
