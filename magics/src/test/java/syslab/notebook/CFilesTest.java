package syslab.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.notebook.CFiles.*;

/** Real gcc and processes: what a notebook's runC returns, and when it fails its check. */
class CFilesTest {
    @TempDir Path dir;

    @Test
    void runCReturnsWhatTheProgramPrintedWithItsArguments() throws Exception {
        Path file = write("args.c", """
            #include <stdio.h>
            int main(int argc, char **argv) {
                printf("argc %d\\n", argc);
                for (int i = 1; i < argc; i++) printf("arg %s\\n", argv[i]);
                return 0;
            }
            """);
        String out = runC(file.toString(), "one", "two");
        assertEquals("argc 3\narg one\narg two\n", out);
        assertEquals("3", field(out, "argc"));
        assertEquals("one", field(out, "arg"), "the first line with the key");
    }

    @Test
    void extraFlagsReachGcc() throws Exception {
        Path file = write("pie.c", """
            #include <stdio.h>
            int main(void) {
            #ifdef __PIE__
                printf("pie yes\\n");
            #else
                printf("pie no\\n");
            #endif
                return 0;
            }
            """);
        assertEquals("no", field(runC(List.of("-no-pie", "-fno-pie"), file.toString()), "pie"));
        assertEquals("yes", field(runC(List.of("-fpie", "-pie"), file.toString()), "pie"));
    }

    @Test
    void aProgramThatDoesNotExitWithZeroFailsTheCheckWithItsOutput() throws Exception {
        Path file = write("fails.c", """
            #include <stdio.h>
            #include <signal.h>
            int main(int argc, char **argv) {
                printf("about to fail\\n");
                fflush(stdout);
                if (argc > 1) raise(SIGTERM);
                return 3;
            }
            """);
        AssertionError exit = assertThrows(AssertionError.class, () -> runC(file.toString()));
        assertTrue(exit.getMessage().startsWith("check failed: fails: exit 3"), exit.getMessage());
        assertTrue(exit.getMessage().contains("about to fail"), exit.getMessage());
        AssertionError killed = assertThrows(AssertionError.class, () -> runC(file.toString(), "die"));
        assertTrue(killed.getMessage().startsWith("check failed: fails die: killed by SIGTERM"), killed.getMessage());
    }

    @Test
    void aMissingFieldFailsTheCheckWithTheOutput() {
        AssertionError e = assertThrows(AssertionError.class, () -> field("a 1\nb 2\n", "c"));
        assertEquals("check failed: no line 'c ...' in:\na 1\nb 2\n", e.getMessage());
        assertThrows(AssertionError.class, () -> field("ab 1\n", "a"), "a key is a whole word");
    }

    private Path write(String name, String source) throws Exception {
        return Files.writeString(dir.resolve(name), source);
    }
}
