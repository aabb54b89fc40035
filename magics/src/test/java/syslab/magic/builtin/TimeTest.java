package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import tech.tablesaw.api.Table;

class TimeTest {
    private final TestMagicContext context = new TestMagicContext();

    @Test
    void countsTheCpuTimeOfChildrenTheCellWaitedFor() throws Exception {
        String cell = "new ProcessBuilder(\"/bin/sh\", \"-c\", busyLoop).start().waitFor();\n";
        context.define(cell, () -> {
            try {
                int status = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
                        .start().waitFor();
                assertEquals(0, status);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Table table;
        try (OutputCapture output = new OutputCapture()) {
            table = (Table) MagicRunner.run(new Time(), "--table", cell, context);
            assertTrue(output.out().matches("(?s)CPU times: user .+, sys: .+, total: .+\n"
                    + "  of which children: user .+, sys: .+\nWall time: .+\nWaiting: .+\n"
                    + "Context switches: [\\d,]+ voluntary, [\\d,]+ involuntary\n"
                    + "Page faults: [\\d,]+ minor, [\\d,]+ major\n"), output.out());
        }
        assertEquals(3, table.rowCount());
        double childCpu = table.doubleColumn("user s").get(1) + table.doubleColumn("sys s").get(1);
        assertTrue(childCpu > 0, "the shell's busy loop used no CPU? " + table.print());
        for (String column : new String[] {"user s", "sys s"}) {
            var c = table.doubleColumn(column);
            assertEquals(c.get(0) + c.get(1), c.get(2), 1e-9, column);
        }
        double cpu = table.doubleColumn("user s").get(2) + table.doubleColumn("sys s").get(2);
        assertEquals(table.doubleColumn("wall s").get(2) - cpu, table.doubleColumn("waiting s").get(2), 1e-6);
    }

    @Test
    void blockingShowsAsVoluntaryContextSwitches() throws Exception {
        context.define("Thread.sleep(50);", () -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Table table;
        try (OutputCapture ignored = new OutputCapture()) {
            table = (Table) MagicRunner.run(new Time(), "--table Thread.sleep(50);", null, context);
        }
        assertTrue(table.longColumn("voluntary switches").get(0) >= 1, table.print());
    }

    @Test
    void theCellFormTimesOnlyTheCell() {
        MagicException e = assertThrows(MagicException.class, () -> MagicRunner.run(new Time(), "x()", "y()", context));
        assertEquals("time: %%time times the cell; nothing may follow the options", e.getMessage());
    }
}
