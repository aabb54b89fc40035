package syslab.experiments.io;

import syslab.experiments.common.Monitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import syslab.experiments.io.EpollHerd.Mode;
import syslab.experiments.io.EpollHerd.Params;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class EpollHerdTest {
    private static Row row(Table t, Mode m) {
        return t.where(t.stringColumn("mode").isEqualTo(m.label())).row(0);
    }

    @Test
    void plainEpollWakesEveryWaiterAndTheOtherModesOne() {
        Leftovers before = Leftovers.now();
        int waiters = 3, connections = 6;
        Table t = EpollHerd.run(new Params(waiters, List.of(Mode.values()), connections));
        assertEquals(before, Leftovers.now(), "every fd closed, every waiter killed and reaped");

        Row epoll = row(t, Mode.EPOLL);
        assertEquals((long) waiters * connections, epoll.getLong("wakeups"), "every waiter, each on an epoll instance of its own, woke for each connection");
        for (Mode m : List.of(Mode.ACCEPT, Mode.EPOLL_EXCLUSIVE, Mode.REUSEPORT)) {
            Row r = row(t, m);
            assertTrue(r.getDouble("wakeups per connection") <= 1.5, m.label() + ": " + r.getDouble("wakeups per connection"));
            assertTrue(r.getLong("wakeups") < epoll.getLong("wakeups"), m.label());
        }
        for (Mode m : Mode.values()) {
            Row r = row(t, m);
            // every connection was accepted exactly once: one successful return each, plus the empty-handed ones
            assertEquals(connections + r.getLong("accepts that found none"), r.getLong("wait returns"), m.label());
            assertTrue(r.getInt("waiters that accepted") >= 1 && r.getInt("waiters that accepted") <= waiters, m.label());
        }
    }

    @Test
    void anInterruptKillsTheWaiters() {
        Leftovers before = Leftovers.now();
        AtomicInteger checks = new AtomicInteger();
        assertThrows(CancellationException.class, () ->
            EpollHerd.run(new Params(2, List.of(Mode.EPOLL), 100), Monitor.of("epoll herd", null, () -> checks.incrementAndGet() > 3)));
        assertEquals(before, Leftovers.now());
    }
}
