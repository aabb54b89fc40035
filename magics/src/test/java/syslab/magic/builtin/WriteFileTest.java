package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;

class WriteFileTest {
    @TempDir
    Path dir;

    private String run(String args, String body) throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            MagicRunner.run(new WriteFile(), args, body, new TestMagicContext());
            return output.out();
        }
    }

    @Test
    void writesOverwritesAndAppends() throws Exception {
        Path file = dir.resolve("a file.txt");
        String name = "'" + file + "'";
        assertEquals("Writing " + file + "\n", run(name, "one\ntwo"));
        assertEquals("one\ntwo\n", Files.readString(file));
        assertEquals("Overwriting " + file + "\n", run(name, "three\n"));
        assertEquals("three\n", Files.readString(file));
        assertEquals("Appending to " + file + "\n", run("-a " + name, "four"));
        assertEquals("three\nfour\n", Files.readString(file));
    }

    @Test
    void aMissingDirectoryIsReportedLikeAShellWould() {
        String missing = dir.resolve("no/such.txt").toString();
        MagicException e = assertThrows(MagicException.class,
                () -> MagicRunner.run(new WriteFile(), missing, "x", new TestMagicContext()));
        assertEquals("writefile: " + missing + ": No such file or directory", e.getMessage());
    }

    @Test
    void isACellMagicWithAFileArgument() {
        assertThrows(MagicException.class, () -> MagicRunner.run(new WriteFile(), "x", null, new TestMagicContext()));
        MagicException e = assertThrows(MagicException.class,
                () -> MagicRunner.run(new WriteFile(), "", "body", new TestMagicContext()));
        assertEquals(true, e.getMessage().contains("Missing required parameter: 'FILE'"), e.getMessage());
    }
}
