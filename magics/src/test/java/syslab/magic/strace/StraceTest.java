package syslab.magic.strace;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import syslab.experiments.trace.TraceReport;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import syslab.posix.LibC;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StraceTest {
    private final TestMagicContext context = new TestMagicContext();

    @Test
    void lineFormTracesACommandWithOptionsOfItsOwn() throws Exception {
        List<?> shown;
        try (OutputCapture out = new OutputCapture()) {
            shown = (List<?>) MagicRunner.run(new Strace(), "-e trace=write,execve /bin/echo -n 'a b'", null, context);
            assertTrue(out.out().startsWith("/bin/echo -n a b: 2 system calls traced; exited with 0, wall "), out.out());
        }
        Table table = assertInstanceOf(Table.class, shown.get(0));
        assertEquals(List.of("execve", "write"), table.stringColumn("syscall").asList().stream().sorted().toList());
        assertEquals("syscalls of /bin/echo -n a b", table.name());
        CategoryChart chart = assertInstanceOf(CategoryChart.class, shown.get(1));
        assertEquals(table.name(), chart.getTitle());
        assertEquals(2, shown.size());
    }

    @Test
    void cellFormShowsRawLinesAndTreeAndKeepsTheReport() throws Exception {
        String cell = "getppid(); getppid();";
        context.define(cell, () -> {
            LibC.getppid();
            LibC.getppid();
        });
        List<?> shown;
        try (OutputCapture ignored = new OutputCapture()) {
            shown = (List<?>) MagicRunner.run(new Strace(), "--raw=1 --tree", cell, context);
        }
        assertEquals(4, shown.size());
        TraceReport report = Strace.last();
        assertSame(report.table(), shown.get(0));
        assertEquals(2, report.calls("getppid"));
        String raw = assertInstanceOf(String.class, shown.get(2));
        assertTrue(raw.matches("\\d+\\s+getppid\\(\\)\\s+= \\d+"), raw);
        String tree = assertInstanceOf(String.class, shown.get(3));
        assertTrue(tree.matches("\\d+ process: exited with 0\n"), tree);
    }

    @Test
    void rawWithoutANumberShowsTwentyLines() throws Exception {
        String cell = "for 30 getppid";
        context.define(cell, () -> {
            for (int i = 0; i < 30; i++) LibC.getppid();
        });
        try (OutputCapture ignored = new OutputCapture()) {
            MagicRunner.run(new Strace(), "--raw", cell, context);
        }
        assertEquals(20, Strace.last().raw().size());
    }

    /** Counts spanning decades get a log axis; the chart must still draw (a log axis has no 0). */
    @Test
    void chartDrawsCountsSpanningDecades() throws Exception {
        String cell = "1000 getppid, 1 getpid";
        context.define(cell, () -> {
            for (int i = 0; i < 1000; i++) LibC.getppid();
            LibC.getpid();
        });
        List<?> shown;
        try (OutputCapture ignored = new OutputCapture()) {
            shown = (List<?>) MagicRunner.run(new Strace(), "", cell, context);
        }
        CategoryChart chart = (CategoryChart) shown.get(1);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        assertTrue(png.length > 1000);
    }

    @Test
    void aCellWithoutSystemCallsShowsAnEmptyTableAndNoChart() throws Exception {
        context.define("int x = 0;", () -> { });
        List<?> shown;
        try (OutputCapture out = new OutputCapture()) {
            shown = (List<?>) MagicRunner.run(new Strace(), "", "int x = 0;", context);
            assertTrue(out.out().startsWith("the cell: 0 system calls traced; exited with 0"), out.out());
        }
        assertEquals(1, shown.size());
        assertEquals(0, ((Table) shown.get(0)).rowCount());
    }

    @Test
    void misuseIsExplained() {
        context.define("x", () -> { });
        assertTrue(assertThrows(MagicException.class, () -> MagicRunner.run(new Strace(), "ls", "x", context))
                .getMessage().contains("nothing may follow the options"));
        assertTrue(assertThrows(MagicException.class, () -> MagicRunner.run(new Strace(), "", null, context))
                .getMessage().contains("nothing to trace"));
        assertTrue(assertThrows(MagicException.class, () -> MagicRunner.run(new Strace(), "-e quiet=all ls", null, context))
                .getMessage().startsWith("strace: -e quiet=...:"));
        assertTrue(assertThrows(MagicException.class, () -> MagicRunner.run(new Strace(), "-e trace=nosuch ls", null, context))
                .getMessage().contains("nosuch"));
        assertTrue(assertThrows(MagicException.class, () -> MagicRunner.run(new Strace(), "--no-ptrace --tree ls", null, context))
                .getMessage().contains("--no-ptrace runs untraced"));
        assertTrue(assertThrows(MagicException.class, () -> MagicRunner.run(new Strace(), "'unterminated", null, context))
                .getMessage().startsWith("strace: unterminated '"));
    }

    @Test
    void helpSaysTheCellRunsInAForkedCopy() throws Exception {
        try (OutputCapture out = new OutputCapture()) {
            MagicRunner.run(new Strace(), "--help", null, context);
            String help = out.out().replaceAll("\\s+", " ");
            assertTrue(help.contains("forked copy of the kernel process"), help);
            assertTrue(help.contains("side effects stay in the copy"), help);
            assertTrue(help.contains("(%strace ls -l /tmp, %strace ./a.out)"), help);
        }
    }
}
