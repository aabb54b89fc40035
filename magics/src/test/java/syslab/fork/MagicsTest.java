package syslab.fork;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import syslab.display.Html;
import syslab.magic.Magic;
import syslab.magic.fork.CMagic;
import syslab.magic.fork.ForkMagic;
import syslab.magic.MagicException;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %%fork and %%c as the kernel calls them: picocli options, the cell body, the context. */
class MagicsTest {
    static JShellContext context;

    @BeforeAll
    static void start() { context = new JShellContext(); }

    @AfterAll
    static void stop() { context.close(); }

    static Object call(Magic magic, String body, String... args) throws Exception {
        new CommandLine(magic).parseArgs(args);
        magic.bind(context, body);
        return magic.call();
    }

    static int count(String text, String word) { return ForkRunnerTest.count(text, word); }

    @Test
    void registeredForServiceLoader() {
        List<String> names = ServiceLoader.load(Magic.class).stream().map(p -> p.type().getName()).toList();
        assertTrue(names.containsAll(List.of(ForkMagic.class.getName(), CMagic.class.getName())), names.toString());
        ForkMagic fork = new ForkMagic();
        assertTrue(fork.cell() && !fork.line());
    }

    /** The notebook's experiment: one hello on the terminal, two through a pipe and in a file. */
    @Test
    void forkAllModesSideBySide() throws Exception {
        List<?> shown = (List<?>) call(new ForkMagic(), """
            int num = 0;
            printf("hello world!\\n");
            int pid = fork();
            if (pid == 0) {
                printf("son pid = %d, num = %d\\n", getpid(), ++num);
            } else {
                waitpid(pid, new int[1], 0);
                printf("father pid = %d, num = %d\\n", getpid(), num);
            }
            """, "--stdout=all");
        Html html = assertInstanceOf(Html.class, shown.get(0));
        String[] columns = html.text().split("== ");
        assertEquals(4, columns.length, html.text());
        assertTrue(columns[1].startsWith("tty: ./a.out"));
        assertEquals(1, count(columns[1], "hello world!"), html.text());
        assertTrue(columns[2].startsWith("pipe: ./a.out | cat"));
        assertEquals(2, count(columns[2], "hello world!"), html.text());
        assertTrue(columns[3].startsWith("file: ./a.out > file"));
        assertEquals(2, count(columns[3], "hello world!"), html.text());
        assertEquals(3, count(html.html(), "<pre>"));
        Table processes = assertInstanceOf(Table.class, shown.get(1));
        assertEquals(3, processes.rowCount());   // the cell's process per mode; its child was reaped by waitpid
        assertEquals(List.of("exit 0", "exit 0", "exit 0"), processes.stringColumn("end").asList());
    }

    @Test
    void cCompilesRunsAndPassesArguments() throws Exception {
        List<?> shown = (List<?>) call(new CMagic(), """
            #include <stdio.h>
            int main(int argc, char **argv) { printf("%d %s\\n", argc, argv[1]); return 3; }
            """, "--stdout=pipe", "--cflags=-O2 -Wall", "--", "first", "second");
        assertEquals("3 first\n", assertInstanceOf(Html.class, shown.get(0)).text());
        assertEquals("exit 3", ((Table) shown.get(1)).stringColumn("end").get(0));
    }

    /** -o keeps the program, runnable on its own (for %strace ./FILE); a directory is refused. */
    @Test
    void cKeepsTheProgramWithOutput(@TempDir Path dir) throws Exception {
        Path kept = dir.resolve("hello");
        call(new CMagic(), """
            #include <stdio.h>
            int main(int argc, char **argv) { printf("hello from %s\\n", argv[1]); return 0; }
            """, "-o", kept.toString());
        assertTrue(Files.isExecutable(kept));
        Process p = new ProcessBuilder(kept.toString(), "again").start();
        assertEquals("hello from again\n", new String(p.getInputStream().readAllBytes()));
        assertEquals(0, p.waitFor());
        MagicException e = assertThrows(MagicException.class, () -> call(new CMagic(), "int main(void) { return 0; }", "--output=" + dir));
        assertTrue(e.getMessage().endsWith("is a directory"), e.getMessage());
    }

    @Test
    void cCompileErrorsCarryLineNumbers() {
        GccCompiler.CompileError e = assertThrows(GccCompiler.CompileError.class, () -> call(new CMagic(), """
            #include <stdio.h>
            int main(void) {
                printf("missing semicolon\\n")
                return 0;
            }
            """));
        assertTrue(e.getMessage().contains("cell.c:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("error:"), e.getMessage());
        assertTrue(!e.getMessage().contains("/tmp/"), e.getMessage());
    }

    @Test
    void cWarningsShownAboveTheOutput() throws Exception {
        List<?> shown = (List<?>) call(new CMagic(), "int main(void) { int unused; return 0; }", "--cflags=-Wall");
        assertTrue(((Html) shown.get(0)).text().contains("-Wunused-variable"), shown.get(0).toString());
    }

    @Test
    void badOptionsAreRejectedByPicocli() {
        assertThrows(CommandLine.ParameterException.class, () -> call(new ForkMagic(), "", "--stdout=socket"));
        String help = new CommandLine(new ForkMagic()).getUsageMessage();
        assertTrue(help.contains("only the forking thread") && help.contains("--max-procs=N"), help);
        assertTrue(new CommandLine(new CMagic()).getUsageMessage().contains("exactly as %%fork runs Java"));
    }
}
