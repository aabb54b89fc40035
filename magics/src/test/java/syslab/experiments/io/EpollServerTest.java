package syslab.experiments.io;

import syslab.experiments.common.Monitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import syslab.experiments.io.EpollServer.Model;
import syslab.experiments.io.EpollServer.Params;
import syslab.posix.C;
import syslab.posix.LibC;
import tech.tablesaw.api.Table;

class EpollServerTest {
    private static boolean echoThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("echo"));
    }

    @Test
    void everyModelEchoesForEveryClientCount() {
        Leftovers before = Leftovers.now();
        Table t = EpollServer.run(new Params(List.of(Model.values()), List.of(1, 7), 0.1, 100));
        assertEquals(10, t.rowCount());
        for (int r = 0; r < t.rowCount(); r++) {
            String what = t.stringColumn("model").get(r) + " at " + t.intColumn("clients").getInt(r) + " clients";
            assertEquals("", t.stringColumn("note").get(r), what);
            assertTrue(t.longColumn("requests").getLong(r) > 0, what);
            assertEquals(0, t.intColumn("clients without a reply").getInt(r), what + ": every client got replies");
            assertTrue(t.doubleColumn("p50 µs").getDouble(r) <= t.doubleColumn("p99 µs").getDouble(r), what);
            // Little's law: n clients, each always waiting for its reply, are n = req/s x mean latency
            int n = t.intColumn("clients").getInt(r);
            double waiting = t.doubleColumn("req/s").getDouble(r) * t.doubleColumn("mean µs").getDouble(r) / 1e6;
            assertTrue(waiting > n / 2.0 && waiting < 2.0 * n, what + ": req/s x mean latency = " + waiting);
            assertTrue(t.doubleColumn("server CPU ms").getDouble(r) > 0, what + ": the server's threads did the work");
            double calls = t.doubleColumn("server syscalls per request").getDouble(r);
            switch (Model.parse(t.stringColumn("model").get(r))) {
                case THREADS -> assertTrue(calls >= 2 && calls < 2.5, what + ": read and write per request, " + calls);
                case EPOLL_LT -> assertTrue(calls >= 2 && calls <= 3.5, what + ": read, write and a share of a wait, " + calls);
                case EPOLL_ET -> assertTrue(calls >= 5, what + ": reads to EAGAIN, write, two epoll_ctl, " + calls);
                default -> assertTrue(calls >= 2, what + ": " + calls);
            }
        }
        assertEquals(before, Leftovers.now(), "servers and clients closed every fd");
        assertFalse(echoThreadsAlive(), "every server thread ended");
    }

    @Test
    void selectRefusesConnectionsWhoseFdIsPastFdSetSize() {
        List<Integer> filler = new ArrayList<>();
        try (NofileLimit limit = new NofileLimit()) {
            // push the next free fd numbers past 1023
            int devNull = C.open("/dev/null", LibC.O_RDONLY);
            filler.add(devNull);
            for (int fd = devNull; fd < LibC.FD_SETSIZE; fd = C.dup(devNull)) filler.add(fd);
            Table t = EpollServer.run(new Params(List.of(Model.SELECT, Model.POLL), List.of(2), 0.1, 10));
            assertTrue(t.stringColumn("note").get(0).startsWith("refused: select cannot watch fd "), t.stringColumn("note").get(0));
            assertTrue(t.doubleColumn("req/s").isMissing(0));
            assertEquals("", t.stringColumn("note").get(1), "poll has no such limit");
            assertTrue(t.longColumn("requests").getLong(1) > 0);
        } finally {
            for (int fd : filler) LibC.close(fd);
        }
        assertFalse(echoThreadsAlive());
    }

    @Test
    void anInterruptStopsTheRunAndItsServer() {
        Leftovers before = Leftovers.now();
        AtomicInteger checks = new AtomicInteger();
        Params p = new Params(List.of(Model.THREADS), List.of(20), 30, 64);
        assertThrows(CancellationException.class, () -> EpollServer.run(p, Monitor.of("epoll server", null, () -> checks.incrementAndGet() > 100)));
        assertEquals(before, Leftovers.now());
        assertFalse(echoThreadsAlive());
    }

    /** As the kernel interrupts a cell: the flag the run checks, and Thread.interrupt on its thread, which must not cut the servers' cleanup short. */
    @Test
    void anInterruptedThreadStillClosesEveryServer() {
        for (Model m : Model.values()) {
            Leftovers before = Leftovers.now();
            AtomicInteger checks = new AtomicInteger();
            Params p = new Params(List.of(m), List.of(5), 30, 64);
            try {
                assertThrows(CancellationException.class, () -> EpollServer.run(p, Monitor.of("epoll server", null, () -> {
                    if (checks.incrementAndGet() <= 100) return false;
                    Thread.currentThread().interrupt();
                    return true;
                })));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            assertEquals(before, Leftovers.now(), m.label());
            assertFalse(echoThreadsAlive(), m.label());
        }
    }
}
