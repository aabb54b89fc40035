package syslab.kernel.eval;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkCallsTest {
    /** Calls where the cell runs, an arrow or a string with one elsewhere in the cell included. */
    @ParameterizedTest
    @ValueSource(strings = {
            "fork();",
            "int pid = fork();\nif (pid == 0) System.exit(0);",
            "C.fork();",
            "if (fork() == 0) { while (true) fork(); }",
            "int pid = fork(); // parent -> child",
            "int pid = fork();\nList.of(1, 2).forEach(x -> System.out.println(x));",
            "String s = \"a -> b\";\nfork();"})
    void forks(String cell) {
        assertTrue(ForkCalls.outsideLambdas(cell), cell);
    }

    /** Calls inside a lambda (they fork later), comments, strings, and code that is no block. */
    @ParameterizedTest
    @ValueSource(strings = {
            "runner.run(() -> fork());",
            "Runnable r = () -> { int pid = fork(); };",
            "// fork() is libc's\nint x = 1;",
            "/* fork( */ int y = 2;",
            "System.out.println(\"fork()\");",
            "int forks = 3;",
            "void child() { fork(); }",
            "import static syslab.posix.C.*;\nfork();"})
    void doesNotFork(String cell) {
        assertFalse(ForkCalls.outsideLambdas(cell), cell);
    }
}
