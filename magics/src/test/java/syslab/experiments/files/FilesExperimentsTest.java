package syslab.experiments.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syslab.posix.C;
import syslab.posix.ErrnoException;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesExperimentsTest {
    @TempDir Path dir;

    @Test
    void oneFileOfEachTypeDecoded() throws IOException {
        List<Path> paths = FileTypes.all(dir);
        Table t = FileTypes.table(paths);
        assertEquals(paths.size(), t.rowCount());
        assertEquals(List.of("-", "d", "l", "l", "s", "p", "c"), t.stringColumn("type").asList().subList(0, 7));
        assertEquals("0100000 S_IFREG", t.stringColumn("st_mode & S_IFMT").get(0));
        assertEquals("0140000 S_IFSOCK", t.stringColumn("st_mode & S_IFMT").get(4));
        assertEquals("010000 S_IFIFO", t.stringColumn("st_mode & S_IFMT").get(5));
        assertEquals("0644", t.stringColumn("st_mode & 07777").get(5), "mkfifo's mode (umask 022 leaves it)");
        assertEquals("0777", t.stringColumn("st_mode & 07777").get(2), "a symlink's own permissions are all set");
        assertEquals("1, 3", t.stringColumn("device").get(6), "/dev/null is char device 1,3");
        assertEquals(7, t.longColumn("size").get(2), "a symlink's size is its target's length");
        assertEquals(77, t.longColumn("size").get(3));
        assertEquals(64 * 1024, t.longColumn("size").get(0));
        assertTrue(t.longColumn("blocks").get(0) * 512 >= 64 * 1024);
        for (int r : new int[] {4, 5, 6, t.rowCount() - 1}) {
            assertEquals(0, t.longColumn("blocks").get(r), t.stringColumn("file").get(r) + " uses no blocks");
            assertEquals(0, t.longColumn("size").get(r), t.stringColumn("file").get(r) + " has no size");
        }
        FileTypes.blockDevice().ifPresent(b -> assertEquals("b", t.stringColumn("type").get(7)));
        for (int r = 0; r < 6; r++) {
            Path p = paths.get(r);
            assertEquals(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS),
                Integer.parseInt(t.stringColumn("st_mode").get(r), 8), p.toString());
            assertEquals(((Number) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue(), t.longColumn("inode").get(r));
        }
    }

    @Test
    void directoryEntriesAreNamesWithInodeNumbers() throws IOException {
        FileTypes.create(dir);
        Map<String, Dirent.Entry> entries = Dirent.read(dir.toString()).stream()
            .collect(Collectors.toMap(Dirent.Entry::name, Function.identity()));
        assertEquals(FileTypes.NAMES.size() + 2, entries.size(), "the files, . and ..");
        assertEquals(C.lstat(dir.toString()).ino(), entries.get(".").ino());
        assertEquals(C.lstat(dir.getParent().toString()).ino(), entries.get("..").ino());
        for (String name : FileTypes.NAMES) {
            Dirent.Entry e = entries.get(name);
            var st = C.lstat(dir.resolve(name).toString());
            assertEquals(st.ino(), e.ino(), name);
            if (e.type() != '?') assertEquals(st.type(), e.type(), name);
        }
        assertEquals("ENOENT", assertThrows(ErrnoException.class, () -> Dirent.read(dir.resolve("none").toString())).name());
    }

    @Test
    void linkAndUnlinkMoveTheLinkCountOfOneInode() {
        Table t = HardLinks.run(dir);
        assertEquals(List.of(1, 2, 3, 2, 0), t.intColumn("st_nlink").asList());
        assertEquals(1, t.longColumn("inode").unique().size(), "one inode throughout");
        assertEquals(List.of("a", "a, b", "a, b, c", "b, c", "(none)"), t.stringColumn("names left").asList());
        String content = HardLinks.CONTENT.strip();
        assertEquals("b: " + content, t.stringColumn("read through").get(3));
        assertTrue(t.stringColumn("read through").get(4).endsWith(": " + content), "an open fd outlives every name");
    }

    @Test
    void formatNames() {
        assertEquals("S_IFCHR", FileTypes.formatName(0020666));
        assertEquals("S_IFBLK", FileTypes.formatName(0060660));
        assertEquals("unknown", FileTypes.formatName(0));
    }
}
