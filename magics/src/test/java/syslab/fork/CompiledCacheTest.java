package syslab.fork;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompiledCacheTest {
    static final String MAIN = "int main(void) { return 0; }\n";

    @TempDir Path dir;

    @Test
    void aSecondRunOfTheSameSourceTakesTheBinaryCompiledByTheFirst() throws Exception {
        CompiledCache cache = new CompiledCache(dir);
        Path first = cache.binary("prog", MAIN, List.of("-O2"));
        Object inode = Files.getAttribute(first, "unix:ino");
        Path again = cache.binary("prog", MAIN, List.of("-O2"));
        assertEquals(first, again);
        assertEquals(inode, Files.getAttribute(again, "unix:ino"), "not compiled again: the same file");
        assertTrue(Files.isExecutable(first) && first.getFileName().toString().startsWith("prog-"), first.toString());
        // another source, or other flags, is another binary
        assertNotEquals(first, cache.binary("prog", "int main(void) { return 1; }\n", List.of("-O2")));
        assertNotEquals(first, cache.binary("prog", MAIN, List.of("-O0")));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no .part file left behind");
        }
    }
}
