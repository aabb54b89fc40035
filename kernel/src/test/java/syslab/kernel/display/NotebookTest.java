package syslab.kernel.display;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import syslab.display.Display;
import syslab.display.Html;
import syslab.display.Markdown;
import syslab.display.Progress;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebookTest {
    /** Records calls as lines such as "show d1 Html[...]", "update d1 ...", "clear wait=true". */
    static final class RecordingDisplay implements Display {
        final List<String> calls = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        public synchronized String show(Object value) {
            String id = "d" + (calls.size() + 1);
            calls.add("show " + id);
            values.add(value);
            return id;
        }

        public synchronized void update(String displayId, Object value) {
            calls.add("update " + displayId);
            values.add(value);
        }

        public synchronized void clear(boolean wait) {
            calls.add("clear wait=" + wait);
        }
    }

    @AfterEach
    void unbind() {
        Notebook.bind(null);
    }

    @Test
    void forwardsToTheBoundDisplay() {
        RecordingDisplay d = new RecordingDisplay();
        Notebook.bind(d);

        String id = Notebook.display(Notebook.markdown("*hi*"));
        Notebook.updateDisplay(id, Notebook.html("<b>bye</b>"));
        Notebook.clearOutput();
        Notebook.clearOutput(true);

        assertEquals(List.of("show d1", "update d1", "clear wait=false", "clear wait=true"), d.calls);
        assertEquals(new Markdown("*hi*"), d.values.get(0));
        assertEquals(new Html("<b>bye</b>", "bye"), d.values.get(1));
    }

    @Test
    void progressDrawsOnTheBoundDisplay() {
        RecordingDisplay d = new RecordingDisplay();
        Notebook.bind(d);
        try (Progress p = Notebook.progress("work", 2)) {
            p.step();
            p.step();
        }
        assertEquals("show d1", d.calls.get(0));
        assertTrue(d.calls.subList(1, d.calls.size()).stream().allMatch("update d1"::equals), d.calls.toString());
        assertTrue(((Html) d.values.get(d.values.size() - 1)).text().contains("2/2"));
    }

    @Test
    void unboundPrintsText() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Notebook.display(Notebook.html("<i>plain</i> text"));
            Notebook.display(Table.create("sizes", IntColumn.create("bytes", 512, 4096)));
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("plain text\n"), printed);
        assertTrue(printed.contains("sizes") && printed.contains("4096"), printed);
    }

    @Test
    void imageTakesOnlyPngBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertEquals(8, Notebook.image(png).bytes().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Notebook.image(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 0, 0, 0, 0}));
        assertTrue(e.getMessage().contains("PNG"), e.getMessage());
    }

    /**
     * A JShell cell with the static import reaches the display bound in this JVM: local execution
     * loads Notebook parent-first, so the cell and the kernel share one Notebook class.
     */
    @Test
    void aJShellCellWithTheStaticImportReachesTheBoundDisplay() {
        RecordingDisplay d = new RecordingDisplay();
        Notebook.bind(d);
        try (JShell shell = JShell.builder().executionEngine("local")
                .compilerOptions("--class-path", System.getProperty("java.class.path")).build()) {
            eval(shell, "import static syslab.kernel.display.Notebook.*;");
            eval(shell, "String id = display(html(\"<b>cell</b>\"));");
            eval(shell, "updateDisplay(id, markdown(\"done\"));");
        }
        assertEquals(List.of("show d1", "update d1"), d.calls);
        assertEquals(new Markdown("done"), d.values.get(1));
    }

    private static void eval(JShell shell, String code) {
        for (SnippetEvent e : shell.eval(code)) {
            if (e.exception() != null) throw new AssertionError(code, e.exception());
            assertEquals(Snippet.Status.VALID, e.status(),
                    code + ": " + shell.diagnostics(e.snippet()).map(x -> x.getMessage(null)).toList());
        }
    }
}
