package syslab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompileTest {

    private static JavaEvaluator ev;

    @BeforeAll
    static void start() {
        ev = new JavaEvaluator(List.of(), List.of());
        ev.warmUp();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void compiledBodyRunsLaterOnAnyThreadAndMutatesTheSession() throws EvalException {
        ev.eval("int counter = 1;");
        // the last statement lacks its ';' as cells often do
        Runnable body = ev.compile("counter += 5;\ncounter *= 2");
        assertEquals(new EvalResult.Value(1), ev.eval("counter"), "compile() must not run the code");

        body.run(); // on the test thread: no JShell, no execution thread involved
        assertEquals(new EvalResult.Value(12), ev.eval("counter"));
    }

    @Test
    void compileErrorsAreInTheCodesCoordinates() {
        String code = "int fine = 1;\nint y = \"s\";";
        EvalException e = assertThrows(EvalException.class, () -> ev.compile(code));
        EvalResult.CompileError error = assertInstanceOf(EvalResult.CompileError.class, e.result());
        assertEquals("\"s\"", code.substring(error.start(), error.end()));
    }

    @Test
    void aLastStatementWithoutSemicolonBeforeACommentCompiles() throws EvalException {
        ev.eval("int tally = 0;");
        ev.compile("tally += 2;\ntally += 3 // the '}' of the lambda must not end up in here").run();
        assertEquals(new EvalResult.Value(5), ev.eval("tally"));
    }

    @Test
    void endOfCodeSkipsCommentsAndLiterals() {
        assertEquals(4, LambdaCell.endOfCode("x++; // done"));
        assertEquals(3, LambdaCell.endOfCode("x++ /* ; */  "));
        assertEquals(10, LambdaCell.endOfCode("f(\"// \\\"\")"));
        assertEquals(12, LambdaCell.endOfCode("s = \"\"\"\n;\"\"\"\n"));
    }

    @Test
    void strayBraceIsAnError() {
        EvalException e = assertThrows(EvalException.class, () -> ev.compile("}\nint x = 1;\n{"));
        assertInstanceOf(EvalResult.CompileError.class, e.result());
    }

    @Test
    void checkedExceptionsComeOutUnchanged() throws EvalException {
        Runnable body = ev.compile("throw new java.io.IOException(\"from the body\");");
        IOException thrown = assertThrows(IOException.class, body::run);
        assertEquals("from the body", thrown.getMessage());
    }
}
