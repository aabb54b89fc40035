package syslab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A student's cell cannot change what locked (instructor) code means; the student's own names stay. */
class LockedEvalTest {
    private static final String SETUP = """
            void check(boolean ok, String what) { if (!ok) throw new AssertionError(what); }
            int count(String text, String line) { return (int) text.lines().filter(line::equals).count(); }
            """;

    private JavaEvaluator ev;
    private final List<String> setAside = new ArrayList<>();

    @BeforeEach
    void start() {
        ev = new JavaEvaluator(List.of("import java.util.*;", "import static java.lang.Math.*;"), List.of());
        assertOk(ev.evalLocked(SETUP, setAside::add));
    }

    @AfterEach
    void stop() {
        ev.close();
    }

    private EvalResult test(String code) {
        assertOk(ev.evalLocked(SETUP, setAside::add)); // the grader runs the setup again before each test
        return ev.evalLocked(code, setAside::add);
    }

    private static void assertOk(EvalResult result) {
        assertTrue(result instanceof EvalResult.NoValue || result instanceof EvalResult.Value, () -> "failed: " + result);
    }

    private static void assertFails(EvalResult result) {
        assertInstanceOf(EvalResult.Thrown.class, result, () -> "did not throw: " + result);
    }

    @Test
    void aRedefinedCheckIsSetAsideAndTheTestFails() {
        assertOk(ev.eval("int answer() { return 41; }\nvoid check(boolean ok, String what) { }"));
        assertFails(test("check(answer() == 42, \"answer\");"));
        assertEquals(List.of("method check(boolean,String)"), setAside);
    }

    @Test
    void anOverloadOfAHelperIsSetAside() {
        assertOk(ev.eval("void check(Boolean ok, Object what) { }\nint answer() { return 41; }"));
        assertFails(test("check(Boolean.valueOf(answer() == 42), \"answer\");"));
        assertTrue(setAside.contains("method check(Boolean,Object)"), setAside::toString);
    }

    @Test
    void aFakeHelperCannotFakeOutput() {
        assertOk(ev.eval("int count(String text, String line) { return 2; }\nString output() { return \"x\"; }"));
        assertFails(test("check(count(output(), \"x\") == 2, \"two lines\");"));
    }

    @Test
    void aClassOrImportShadowingATypeOrStaticMemberIsSetAside() {
        assertOk(ev.eval("class Objects { static boolean equals(Object a, Object b) { return true; } }"));
        assertOk(ev.eval("import static java.lang.Integer.max;")); // Math.max would say 3
        assertOk(ev.eval("int three() { return 2; }"));
        assertFails(test("check(Objects.equals(three(), 3), \"three\");"));
        assertFails(test("check(max(three(), 3) == 3 && three() == 3, \"three\");"));
        assertEquals(Set.of("class Objects", "import static java.lang.Integer.max"), Set.copyOf(setAside));
    }

    @Test
    void aVariableNamedLikeAPackageIsSetAside() {
        assertOk(ev.eval("class U { boolean isEmpty(Object o) { return false; } } class T { U Objects = new U(); } class J { T util = new T(); }"));
        assertOk(ev.eval("J java = new J();"));
        assertFails(test("check(!java.util.Objects.isNull(null), \"null\");"));
        assertTrue(setAside.contains("variable java"), setAside::toString);
    }

    @Test
    void theStudentsOwnNamesKeepTheirMeaning() {
        assertOk(ev.eval("int twice(int x) { return helper(x); }\nint helper(int x) { return 2 * x; }\nint out = 5;"));
        assertOk(test("String out = \"local\"; check(twice(21) == 42, \"twice\"); // count( in a comment\ncheck(\"check(\".length() == 6, \"s\");"));
        assertEquals(List.of(), setAside);
    }

    @Test
    void aMethodCallingAShadowedNameUsesTheTrustedOneOnceSetAside() {
        assertOk(ev.eval("int abs(int x) { return 7; }\nint distance(int a, int b) { return abs(a - b); }"));
        assertOk(test("check(abs(-3) == 3 && distance(1, 4) == 3, \"abs\");"));
        assertEquals(List.of("method abs(int)"), setAside);
    }

    @Test
    void usedNamesSkipCommentsLiteralsAndSelections() {
        assertEquals(Set.of("check", "a", "b", "String", "x"), UsedNames.of(
                "check(a.size() > 0 ? b : x, \"count(\"); // stdoutOf\n/* foo */ String s = 'c' + \"\"\"\n bar\"\"\"; a::equals;").stream()
                        .filter(n -> !n.equals("s")).collect(java.util.stream.Collectors.toSet()));
    }
}
