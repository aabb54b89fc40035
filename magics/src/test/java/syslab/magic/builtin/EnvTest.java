package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import tech.tablesaw.api.Table;

class EnvTest {
    private static final String NAME = "SYSLAB_ENV_TEST";
    private static final String SECRET = "SYSLAB_ENV_TEST_TOKEN";

    private final TestMagicContext context = new TestMagicContext();

    @AfterEach
    void unsetAll() throws Exception {
        run("-u " + NAME);
        run("-u " + SECRET);
    }

    private String run(String args) throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            MagicRunner.run(new Env(), args, null, context);
            return output.out();
        }
    }

    private String sh(String script) throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            MagicRunner.run(new Sh(), "", script, context);
            return output.out();
        }
    }

    @Test
    void aSetVariableReachesChildProcessesUntilUnset() throws Exception {
        assertEquals("env: " + NAME + "=hello  world\n", run(NAME + "='hello  world'"));
        assertEquals("hello  world\n", run(NAME));
        assertEquals("hello  world\n", sh("echo \"$" + NAME + "\""));
        Process plain = new ProcessBuilder("sh", "-c", "echo \"$" + NAME + "\"").start();
        assertEquals("hello  world\n", new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("env: " + NAME + "=two\n", run(NAME + " two"));
        assertEquals("two\n", sh("echo $" + NAME));
        assertEquals("env: unset " + NAME + "\n", run("-u " + NAME));
        assertEquals("unset\n", sh("echo ${" + NAME + "-unset}"));
        MagicException e = assertThrows(MagicException.class, () -> run(NAME));
        assertEquals("env: " + NAME + " is not set", e.getMessage());
    }

    @Test
    void theListingIsATableHidingSecretLookingValues() throws Exception {
        run(NAME + "=visible");
        run(SECRET + "=s3cr3t");
        Table table;
        try (OutputCapture ignored = new OutputCapture()) {
            table = (Table) MagicRunner.run(new Env(), "", null, context);
        }
        assertEquals("visible", value(table, NAME));
        assertEquals("<hidden>", value(table, SECRET));
        assertEquals("s3cr3t\n", run(SECRET));
    }

    @Test
    void badNamesAndMixedFormsAreRefused() {
        assertEquals("env: bad variable name ''", assertThrows(MagicException.class, () -> run("=x")).getMessage());
        assertThrows(MagicException.class, () -> run(NAME + "=a b"));
        assertThrows(MagicException.class, () -> run("a b c"));
    }

    private static String value(Table table, String name) {
        return table.where(table.stringColumn("name").isEqualTo(name)).stringColumn("value").get(0);
    }
}
