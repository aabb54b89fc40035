package syslab.experiments.ipc;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipeBlockingTest {
    @Test
    void blockedCallsReturnOnlyAfterTheParentActs() {
        Leaks leaks = new Leaks();
        PipeBlocking.Result r = PipeBlocking.run(new PipeBlocking.Params(20));
        Table waits = r.waits();
        assertEquals(List.of(5L, 0L, 1L), waits.longColumn("returned").asList(), "read 'hello', end of file, the extra byte");

        Table t = r.timeline();
        List<String> events = t.stringColumn("event").asList();
        // the order is what matters: each blocked call returns after the parent's action that frees it
        assertTrue(index(events, "write(fd, \"hello\", 5) = 5") < index(events, "read(fd, buf, 16) returned 5"));
        assertTrue(index(events, "close(write end)") < index(events, "returned 0: end of file"));
        assertTrue(index(events, "read(fd, buf, 1) = 1") < index(events, "read(fd, buf, 4095) = 4095"));
        assertTrue(index(events, "read(fd, buf, 4095) = 4095") < index(events, "write(fd, buf, 1) returned 1"));
        long blockedStates = events.stream().filter(e -> e.startsWith("child's state") && e.contains(": S")).count();
        assertEquals(4, blockedStates, String.join("\n", events));
        assertTrue(events.stream().anyMatch(e -> e.contains("sleeping in") && e.contains("pipe_write")), String.join("\n", events));
        leaks.check();
    }

    /** The first event containing {@code text}. */
    static int index(List<String> events, String text) {
        for (int i = 0; i < events.size(); i++) if (events.get(i).contains(text)) return i;
        throw new AssertionError("no event with '" + text + "' in\n" + String.join("\n", events));
    }
}
