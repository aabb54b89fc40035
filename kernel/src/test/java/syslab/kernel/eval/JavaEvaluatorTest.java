package syslab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaEvaluatorTest {

    private static JavaEvaluator ev;

    @BeforeAll
    static void start() {
        ev = new JavaEvaluator(List.of("import java.util.*;"), List.of());
        ev.warmUp();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    private static Object value(String code) {
        EvalResult result = ev.eval(code);
        return assertInstanceOf(EvalResult.Value.class, result, () -> "not a value: " + result).value();
    }

    @Test
    void expressionsReturnTheRealObjects() {
        assertEquals(2, value("1+1"));
        Object list = value("new ArrayList<>(List.of(\"a\", \"b\"))");
        assertInstanceOf(ArrayList.class, list);
        assertEquals(List.of("a", "b"), list);
    }

    @Test
    void startupSnippetsRanBeforeTheFirstCell() {
        assertInstanceOf(Map.class, value("new HashMap<String, Integer>()"));
    }

    @Test
    void declarationsSurviveAcrossCells() {
        assertInstanceOf(EvalResult.NoValue.class, ev.eval("int answer = 41;"));
        assertEquals(42, value("answer + 1"));
        assertInstanceOf(EvalResult.NoValue.class, ev.eval("answer = 100"));
        assertEquals(100, value("answer"));
    }

    @Test
    void recordsClassesMethodsAndImports() {
        assertInstanceOf(EvalResult.NoValue.class, ev.eval("""
                import java.util.concurrent.atomic.AtomicInteger;
                record Point(int x, int y) {}
                class Counter { int n; int inc() { return ++n; } }
                int twice(int v) { return 2 * v; }
                """));
        Object point = value("new Point(1, twice(2))");
        assertEquals("Point", point.getClass().getSimpleName());
        assertEquals("Point[x=1, y=4]", point.toString());
        assertEquals(2, value("Counter c = new Counter(); c.inc(); c.inc()"));
        assertEquals(6, value("new AtomicInteger(5).incrementAndGet()"));
    }

    @Test
    void onlyAFinalExpressionGivesAValue() {
        assertEquals(6, value("int a = 2;\nint b = 3;\na * b"));
        assertInstanceOf(EvalResult.NoValue.class, ev.eval("a * b;\nint c = 4;"));
        assertInstanceOf(EvalResult.NoValue.class, ev.eval("System.out.print(\"\")"));
        ev.eval("String nothing = null;");
        assertNull(value("nothing"));
    }

    @Test
    void compileErrorPointsAtTheBadTokenInTheCellAndStopsTheCell() {
        String cell = "int beforeError = 1;\nint bad = \"text\";\nbeforeError = 99;";
        EvalResult.CompileError error = assertInstanceOf(EvalResult.CompileError.class, ev.eval(cell));
        assertEquals("\"text\"", cell.substring(error.start(), error.end()));
        assertTrue(error.message().contains("incompatible types"), error.message());
        assertTrue(error.diagnostics().get(0).startsWith("line 2: incompatible types"), error.diagnostics().get(0));
        assertEquals(1, value("beforeError"));
    }

    @Test
    void undefinedNamesAreCompileErrors() {
        String cell = "int known = 1;\nString s = undefinedThing.toString();";
        EvalResult.CompileError error = assertInstanceOf(EvalResult.CompileError.class, ev.eval(cell));
        assertEquals("undefinedThing", cell.substring(error.start(), error.end()));
        assertTrue(error.message().contains("cannot find symbol"), error.message());
        assertTrue(error.message().contains("variable undefinedThing"), error.message());
        assertFalse(error.message().contains("$JShell"), error.message());

        String call = "noSuchMethod(3)";
        error = assertInstanceOf(EvalResult.CompileError.class, ev.eval(call));
        assertEquals("noSuchMethod", call.substring(error.start(), error.end()));
    }

    @Test
    void aMethodUsingAnUndeclaredMethodIsAnErrorUntilItIsDeclared() {
        String cell = "int useLater() {\n  return later() + 1;\n}";
        EvalResult.CompileError error = assertInstanceOf(EvalResult.CompileError.class, ev.eval(cell));
        assertEquals("later", cell.substring(error.start(), error.end()));
        assertTrue(error.message().contains("method later()"), error.message());

        error = assertInstanceOf(EvalResult.CompileError.class, ev.eval("useLater()"));
        assertTrue(error.message().contains("method useLater()"), error.message());

        ev.eval("int later() { return 9; }");
        assertEquals(10, value("useLater()"));
    }

    @Test
    void forwardReferencesWithinOneCellAreFine() {
        assertInstanceOf(EvalResult.NoValue.class, ev.eval("""
                boolean isEven(int n) { return n == 0 || isOdd(n - 1); }
                boolean isOdd(int n) { return n != 0 && isEven(n - 1); }
                """));
        assertEquals(true, value("isEven(10)"));
    }

    @Test
    void runtimeExceptionHasUserFramesInCellLinesAndNoKernelFrames() {
        ev.eval("""
                void boom(int depth) {
                  if (depth == 0) throw new IllegalStateException("deep");
                  boom(depth - 1);
                }""", "In[6]");
        EvalResult.Thrown thrown = assertInstanceOf(EvalResult.Thrown.class, ev.eval("int n = 2;\nboom(n);", "In[7]"));

        IllegalStateException exception = assertInstanceOf(IllegalStateException.class, thrown.exception());
        assertEquals("deep", exception.getMessage());
        List<String> tb = thrown.traceback();
        assertEquals("java.lang.IllegalStateException: deep", tb.get(0));
        assertEquals("\tat boom(In[6]:2)", tb.get(1));
        assertEquals("\tat boom(In[6]:3)", tb.get(2));
        assertEquals("\tat (In[7]:2)", tb.get(tb.size() - 1));
        assertTrue(tb.stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("syslab.kernel")
                || l.contains("reflect") || l.contains("REPL.")), String.join("\n", tb));
    }

    @Test
    void deepRecursionShowsARepeatedFrameOnce() {
        ev.eval("int forever(int n) { return forever(n + 1) + 1; }", "In[8]");
        EvalResult.Thrown thrown = assertInstanceOf(EvalResult.Thrown.class, ev.eval("forever(0)", "In[9]"));
        assertInstanceOf(StackOverflowError.class, thrown.exception());
        List<String> tb = thrown.traceback();
        assertEquals(Collections.nCopies(3, "\tat forever(In[8]:1)"), tb.subList(1, 4));
        assertTrue(tb.get(4).matches("\t\\.\\.\\. \\(the line above repeated \\d+ more times\\)"), tb.get(4));
        assertEquals(5, tb.size(), String.join("\n", tb));
    }

    @Test
    void messagesNameVariablesAsTheUserWroteThem() {
        EvalResult.Thrown thrown = assertInstanceOf(EvalResult.Thrown.class,
                ev.eval("String missing = null;\nmissing.length()"));
        assertInstanceOf(NullPointerException.class, thrown.exception());
        assertTrue(thrown.traceback().get(0).endsWith("because \"missing\" is null"), thrown.traceback().get(0));
    }

    @Test
    void checkedExceptionsAndCausesAreReported() {
        EvalResult.Thrown thrown = assertInstanceOf(EvalResult.Thrown.class,
                ev.eval("throw new java.io.IOException(\"outer\", new ArithmeticException(\"inner\"));"));
        assertInstanceOf(IOException.class, thrown.exception());
        assertTrue(thrown.traceback().contains("Caused by: java.lang.ArithmeticException: inner"),
                String.join("\n", thrown.traceback()));
    }

    @Test
    void cellsSeeTheKernelsOwnClasses() {
        assertSame(CellBody.class, value("syslab.kernel.eval.CellBody.class"));
    }

    @Test
    void addedClasspathEntriesCanBeUsed(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("src/demo/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package demo; public class Hello { public String greet() { return \"hi\"; } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), source.toString()));

        ev.addToClasspath(classes.toString());
        assertEquals("hi", value("new demo.Hello().greet()"));
    }

    @Test
    void evalWaitsForAWarmUpRunningOnAnotherThread() throws InterruptedException {
        try (JavaEvaluator fresh = new JavaEvaluator(List.of("int fromStartup = 5;"), List.of())) {
            Thread warm = new Thread(fresh::warmUp);
            warm.start();
            EvalResult result = fresh.eval("fromStartup * 2");
            warm.join();
            assertEquals(new EvalResult.Value(10), result);
        }
    }

    @Test
    void cellsThatLeaveNoDeclarationLeaveNoClassFileForLaterCompiles() {
        try (JavaEvaluator fresh = new JavaEvaluator(List.of(), List.of())) {
            assertEquals(42, assertInstanceOf(EvalResult.Value.class, fresh.eval("int kept = 41; kept + 1")).value());
            fresh.eval("Runnable later = () -> System.out.print(\"ran\");");
            int held = fresh.classFilesHeld();
            assertTrue(held > 0, "the two declarations' classes: " + held);
            for (int i = 0; i < 40; i++) {
                assertEquals(i + 1, assertInstanceOf(EvalResult.Value.class, fresh.eval(i + " + 1")).value());
                fresh.eval("kept += 0;");
                fresh.eval("kept");
                fresh.eval("kept = kept + 0");
            }
            assertEquals(held, fresh.classFilesHeld());
            // what the dropped snippets declared before them still compiles and runs
            assertEquals(42, assertInstanceOf(EvalResult.Value.class, fresh.eval("kept + 1")).value());
            assertInstanceOf(EvalResult.NoValue.class, fresh.eval("later.run();"));
        }
    }
}
