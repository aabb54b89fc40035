package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import syslab.magic.Magic;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;

/** Every builtin is found by the kernel's ServiceLoader and answers --help with a clean usage. */
class HelpTest {
    private static final List<String> BUILTINS = List.of("bash", "env", "load", "sh", "time", "timeit", "writefile");

    @Test
    void everyBuiltinIsAServiceAndPrintsItsUsage() throws Exception {
        List<ServiceLoader.Provider<Magic>> builtins = ServiceLoader.load(Magic.class).stream()
                .filter(p -> p.type().getPackageName().equals(Bash.class.getPackageName())).toList();
        assertEquals(BUILTINS, builtins.stream().map(p -> MagicRunner.name(p.get())).sorted().toList());
        for (ServiceLoader.Provider<Magic> builtin : builtins) {
            Magic magic = builtin.get();
            String name = MagicRunner.name(magic);
            try (OutputCapture output = new OutputCapture()) {
                assertNull(MagicRunner.run(magic, "--help", magic.line() ? null : "", new TestMagicContext()));
                assertTrue(output.out().startsWith("Usage: " + name + " "), output.out());
                assertEquals("", output.err(), "picocli complained about the usage of " + name);
            }
        }
    }
}
