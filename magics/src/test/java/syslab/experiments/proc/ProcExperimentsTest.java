package syslab.experiments.proc;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcExperimentsTest {
    @Test
    void aChildGoesThroughEveryState() {
        Table t = ProcessStates.run();
        assertEquals(List.of("R", "T", "R", "S", "T", "S", "Z", "-"), t.stringColumn("state").asList(), t.printAll());
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.stringColumn("state").get(r).equals("S")) assertTrue(t.stringColumn("wchan").get(r).contains("pipe_read"), t.printAll());
        }
        assertTrue(t.stringColumn("action").get(7).endsWith("exit 0"), t.printAll());
    }

    /** Blocking gives the CPU up (voluntary switches); spinning on a shared CPU has it taken away (involuntary). */
    @Test
    void blockingIsVoluntarySpinningIsNot() {
        Table t = ContextSwitches.run(new ContextSwitches.Params(50, 100));
        assertEquals(3, t.rowCount());
        long voluntary = t.longColumn("voluntary").get(0), involuntary = t.longColumn("involuntary").get(0);
        assertTrue(voluntary >= 25 && voluntary > involuntary, t.printAll());
        for (int r = 1; r < 3; r++) {
            assertTrue(t.longColumn("involuntary").get(r) > t.longColumn("voluntary").get(r), t.printAll());
        }
    }

    @Test
    void aThreadsWriteIsSeenAForkedChildsIsNot() {
        Table t = MemorySharing.run();
        assertEquals(List.of(1, 2, 3), t.intColumn("writer reads back").asList());
        assertEquals(List.of(1, 1, 3), t.intColumn("parent reads after").asList(), "the child's heap write stays in its copy");
    }

    @Test
    void creationCostTables() throws Exception {
        CreationCost.Result r = CreationCost.run(new CreationCost.Params(5));
        assertEquals(10, r.runs().rowCount());
        assertTrue(r.runs().doubleColumn("µs").min() > 0);
        assertEquals(List.of(CreationCost.FORK, CreationCost.THREAD), r.summary().stringColumn("kind").asList());
    }
}
