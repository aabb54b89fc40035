package syslab.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class MagicRunnerTest {
    /** Returns what the runner gave it: its options, words, and the context it was bound to. */
    @Command(name = "probe", mixinStandardHelpOptions = true, description = "Probes the runner.")
    static class Probe extends Magic {
        @Option(names = "-n", description = "A number.")
        int n;

        @Parameters(arity = "0..*")
        List<String> words = List.of();

        @Override
        public Object call() {
            return List.of(n, words, String.valueOf(body), context);
        }
    }

    /** Like Probe, but its line ends in code. */
    @Command(name = "probecode", mixinStandardHelpOptions = true)
    static class CodeProbe extends CodeMagic {
        @Option(names = "-n", description = "A number.")
        int n;

        @Parameters(arity = "0..*")
        List<String> words = List.of();

        @Override
        public Object call() {
            return List.of(n, code);
        }
    }

    /** An experiment's way out: stopped (CancellationException) or refusing its params. */
    @Command(name = "probe", subcommands = Experiment.Sub.class)
    static class Experiment extends SubcommandMagic {
        @Command(name = "sub")
        static class Sub implements java.util.concurrent.Callable<Object> {
            @Option(names = "--refuse")
            boolean refuse;

            @Override
            public Object call() throws Exception {
                return MagicRunner.params(() -> {
                    if (refuse) throw new IllegalArgumentException("no such size");
                    throw new CancellationException("stopped");
                });
            }
        }
    }

    private final TestMagicContext context = new TestMagicContext();

    @Test
    void parsesShellWordsIntoOptionsAndBindsTheContext() throws Exception {
        Object result = MagicRunner.run(new Probe(), "-n 7 'a b' c\\ d", null, context);
        assertEquals(List.of(7, List.of("a b", "c d"), "null", context), result);
        assertEquals("probe", MagicRunner.name(new Probe()));
        // no picocli @-file expansion: "@Override" or "@notes.txt" reach the magic as typed
        assertEquals(List.of(0, List.of("@/etc/hostname"), "null", context),
                MagicRunner.run(new Probe(), "@/etc/hostname", null, context));
    }

    @Test
    void codeAfterTheOptionsArrivesVerbatim() throws Exception {
        String line = "-n 3  s.split(\" \")  +  '\\'' ";
        assertEquals(List.of(3, "s.split(\" \")  +  '\\''"), MagicRunner.run(new CodeProbe(), line, "", context));
        assertEquals(List.of(0, "-1 + x"), MagicRunner.run(new CodeProbe(), "-- -1 + x", "", context));
        assertEquals(List.of(2, ""), MagicRunner.run(new CodeProbe(), "-n 2", "", context));
    }

    @Test
    void badOptionsFailWithTheUsage() {
        MagicException e = assertThrows(MagicException.class, () -> MagicRunner.run(new Probe(), "-x", null, context));
        assertTrue(e.getMessage().startsWith("probe: Unknown option: '-x'"), e.getMessage());
        assertTrue(e.getMessage().contains("Usage: probe [-hV] [-n=<n>]"), e.getMessage());
        e = assertThrows(MagicException.class, () -> MagicRunner.run(new Probe(), "-n many", null, context));
        assertTrue(e.getMessage().contains("'many' is not an int"), e.getMessage());
        e = assertThrows(MagicException.class, () -> MagicRunner.run(new Probe(), "'open", null, context));
        assertTrue(e.getMessage().startsWith("probe: unterminated '"), e.getMessage());
    }

    @Test
    void helpPrintsTheUsageAndRunsNothing() throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            assertNull(MagicRunner.run(new Probe(), "--help", null, context));
            assertTrue(output.out().contains("Probes the runner."), output.out());
            assertTrue(output.out().contains("-n=<n>"), output.out());
        }
    }

    @Test
    void formsTheMagicLacksAreRefused() {
        MagicException e = assertThrows(MagicException.class, () -> MagicRunner.run(new Probe(), "", "body", context));
        assertEquals("%%probe is a line magic: write %probe ARGS on one line", e.getMessage());
    }

    @Test
    void anInterruptAndRefusedParamsEndAsMagicExceptionsNamingTheSubcommand() {
        MagicException e = assertThrows(MagicException.class, () -> MagicRunner.run(new Experiment(), "sub --refuse", null, context));
        assertEquals("probe sub: no such size", e.getMessage());
        // a CancellationException the user did not ask for is the code's own failure
        assertEquals("stopped", assertThrows(CancellationException.class,
                () -> MagicRunner.run(new Experiment(), "sub", null, context)).getMessage());
        context.interrupt();
        e = assertThrows(MagicException.class, () -> MagicRunner.run(new Experiment(), "sub", null, context));
        assertEquals("probe sub: interrupted", e.getMessage());
    }
}
