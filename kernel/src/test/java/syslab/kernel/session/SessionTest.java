package syslab.kernel.session;

import org.junit.jupiter.api.Test;
import syslab.kernel.display.PrintDisplay;
import syslab.kernel.display.Renderers;
import syslab.kernel.eval.JavaEvaluator;
import syslab.kernel.magic.MagicDispatcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {
    @Test
    void aStartupSnippetThatFailedShowsOnceInTheNextCellsStderr() {
        try (JavaEvaluator java = new JavaEvaluator(List.of("import no.such.pkg.Missing;", "int fine = 1;"), List.of())) {
            Session session = new Session(java, new MagicDispatcher(SessionTest.class.getClassLoader()),
                    new PrintDisplay(text -> { }), Renderers.create(), new Interrupter());
            java.warmUp(); // as the kernel does before the first cell
            String first = stderrOf(session, "fine + 1");
            assertTrue(first.startsWith("syslab: startup snippet failed: import no.such.pkg.Missing;: "), first);
            assertEquals(1, first.lines().count(), first);
            assertEquals("", stderrOf(session, "fine + 2"));
        }
    }

    private static String stderrOf(Session session, String cell) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        session.begin();
        try {
            assertInstanceOf(Outcome.Ok.class, session.execute(cell));
        } finally {
            session.end();
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
