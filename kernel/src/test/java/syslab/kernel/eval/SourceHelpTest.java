package syslab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceHelpTest {

    private static JavaEvaluator ev;

    @BeforeAll
    static void start() {
        ev = new JavaEvaluator(List.of(), List.of());
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    private static Optional<Completion.Match> match(Completion completion, String text) {
        return completion.matches().stream().filter(m -> m.text().equals(text)).findFirst();
    }

    @Test
    void completesTypeNames() {
        Completion completion = ev.complete("Str", 3);
        Completion.Match string = match(completion, "String").orElseThrow(() -> new AssertionError(completion));
        assertEquals("class", string.type());
        assertEquals(0, completion.cursorStart());
        assertEquals(3, completion.cursorEnd());
    }

    @Test
    void completesMethodsOfAnExpression() {
        String code = "\"abc\".len";
        Completion completion = ev.complete(code, code.length());
        Completion.Match length = match(completion, "length()").orElseThrow(() -> new AssertionError(completion));
        assertEquals("function", length.type());
        assertEquals(code.indexOf("len"), completion.cursorStart());
    }

    @Test
    void completesPackageNamesOfTheJdkAndTheClassPath() {
        assertTrue(match(ev.complete("java.u", 6), "util.").isPresent(), ev.complete("java.u", 6).toString());
        String code = "import tech.tablesaw.a";
        Completion tablesaw = ev.complete(code, code.length());
        assertTrue(match(tablesaw, "api.").isPresent(), tablesaw.toString());
    }

    @Test
    void completesPackagesOfAClassFolderAddedLater(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(Files.createDirectories(dir.resolve("src")).resolve("Probe.java"),
                "package course.lab4; public class Probe {}");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int javac = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), source.toString());
        assertEquals(0, javac);
        assertFalse(match(ev.complete("course.l", 8), "lab4.").isPresent());
        ev.addToClasspath(classes.toString());
        Completion completion = ev.complete("course.l", 8);
        assertTrue(match(completion, "lab4.").isPresent(), completion.toString());
    }

    @Test
    void completesInTheCursorsSnippetOfAMultiSnippetCell() {
        // a method declaration cannot be part of the method body JShell wraps a completion in
        String code = "void helper() { }\nint count = 1;\n\"abc\".toStr";
        Completion completion = ev.complete(code, code.length());
        assertTrue(match(completion, "toString()").isPresent(), completion.toString());
        assertEquals(code.lastIndexOf("toStr"), completion.cursorStart());
    }

    @Test
    void inspectsAMethodByItsName() {
        String code = "int m = Math.max";
        Inspection inspection = ev.inspect(code, code.length(), 0);
        assertNotNull(inspection);
        assertTrue(inspection.entries().stream().anyMatch(e -> e.signature().equals("int Math.max(int a, int b)")),
                inspection.plainText());
    }

    @Test
    void inspectionCarriesJavadocWhenTheJdkHasSources() {
        assumeTrue(Files.exists(Path.of(System.getProperty("java.home"), "lib", "src.zip")), "no JDK src.zip");
        String code = "Math.max(1, 2)";
        Inspection.Entry entry = ev.inspect(code, code.indexOf("max") + 1, 1).entries().get(0);
        assertTrue(entry.javadoc().startsWith("Returns the greater of two int values."), entry.javadoc());
        assertFalse(entry.javadoc().contains("{@code"), entry.javadoc());
    }

    @Test
    void inspectingNothingGivesNull() {
        assertNull(ev.inspect("   ", 1, 0));
    }

    @Test
    void isCompleteSeesOpenBlocks() {
        IsComplete open = ev.isComplete("for (int i=0;i<3;i++) {");
        assertEquals(IsComplete.Status.INCOMPLETE, open.status());
        assertEquals("    ", open.indent());
        assertEquals(IsComplete.Status.COMPLETE, ev.isComplete("int x = 1;\nx + 1").status());
        assertEquals(IsComplete.Status.INVALID, ev.isComplete("}").status());
    }
}
