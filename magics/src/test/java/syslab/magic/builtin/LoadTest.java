package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.SetNextInput;
import syslab.magic.TestMagicContext;

class LoadTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void sixLines() throws Exception {
        file = dir.resolve("Six.java");
        Files.writeString(file, "l1\nl2\nl3\nl4\nl5\nl6\n");
    }

    private Object load(String args) throws Exception {
        return MagicRunner.run(new Load(), args, null, new TestMagicContext());
    }

    @Test
    void replacesTheCellWithTheFileUnderAHeader() throws Exception {
        assertEquals(new SetNextInput("// %load " + file + "\nl1\nl2\nl3\nl4\nl5\nl6", true), load(file.toString()));
    }

    @Test
    void loadsLineRanges() throws Exception {
        assertEquals(new SetNextInput("// %load -r 2-3,5: " + file + "\nl2\nl3\nl5\nl6", true),
                load("-r 2-3,5: " + file));
        assertEquals("l1\nl2\nl6", body(load("-r :3,6 " + file)));
        assertEquals("l5\nl6", body(load("-r 5-99 " + file)));
        MagicException e = assertThrows(MagicException.class, () -> load("-r 3-1 " + file));
        assertEquals("load: bad line range '3-1' (lines are numbered from 1)", e.getMessage());
        assertThrows(MagicException.class, () -> load("-r x " + file));
    }

    @Test
    void aMissingFileIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> load(dir.resolve("none") + ""));
        assertEquals("load: " + dir.resolve("none") + ": No such file or directory", e.getMessage());
    }

    @Test
    void refusesWhatIsNotARegularFileOrTooLarge() throws Exception {
        MagicException e = assertThrows(MagicException.class, () -> load("/dev/zero"));
        assertEquals("load: /dev/zero: not a regular file", e.getMessage());
        e = assertThrows(MagicException.class, () -> load(dir.toString()));
        assertEquals("load: " + dir + ": not a regular file", e.getMessage());
        Path big = dir.resolve("Big.java");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Load.MAX_BYTES + 1); // sparse
        }
        e = assertThrows(MagicException.class, () -> load(big.toString()));
        assertEquals("load: " + big + ": larger than 1 MiB (" + (Load.MAX_BYTES + 1) + " bytes)", e.getMessage());
    }

    private static String body(Object loaded) {
        String text = ((SetNextInput) loaded).text();
        return text.substring(text.indexOf('\n') + 1);
    }
}
