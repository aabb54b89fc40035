package syslab.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static syslab.posix.C.*;

/** stat and friends, checked against the JDK's view of the same inodes ("unix:" attributes). */
class FilesTest {
    @TempDir Path dir;

    static Object unix(Path p, String attr) throws IOException {
        return Files.getAttribute(p, "unix:" + attr, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void regularFileAndHardLinks() throws IOException {
        Path f = dir.resolve("f");
        Files.writeString(f, "x".repeat(5000));
        Stat st = stat(f.toString());
        assertEquals('-', st.type());
        assertEquals(5000, st.size());
        assertEquals(((Number) unix(f, "ino")).longValue(), st.ino());
        assertEquals(unix(f, "mode"), st.mode());
        assertEquals(unix(f, "uid"), st.uid());
        assertEquals(1, st.nlink());
        assertTrue(st.blocks() >= 8, "5000 bytes take at least 8 blocks of 512: " + st.blocks());

        link(f.toString(), dir.resolve("g").toString());
        assertEquals(2, stat(f.toString()).nlink());
        assertEquals(st.ino(), stat(dir.resolve("g").toString()).ino());
        unlink(dir.resolve("g").toString());
        assertEquals(1, stat(f.toString()).nlink());

        int fd = open(f.toString(), O_RDONLY);
        try {
            assertEquals(st.ino(), fstat(fd).ino());
        } finally {
            close(fd);
        }
        assertEquals("ENOENT", assertThrows(ErrnoException.class, () -> stat(dir.resolve("none").toString())).name());
    }

    @Test
    void fileTypeLetters() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("d"));
        assertEquals('d', stat(sub.toString()).type());
        assertEquals(unix(sub, "nlink"), (int) stat(sub.toString()).nlink());

        symlink("d", dir.resolve("l").toString());
        assertEquals('l', lstat(dir.resolve("l").toString()).type());
        assertEquals('d', stat(dir.resolve("l").toString()).type());
        assertEquals(1, lstat(dir.resolve("l").toString()).size());   // the target's name, "d"

        mkfifo(dir.resolve("p").toString(), 0600);
        Stat fifo = stat(dir.resolve("p").toString());
        assertEquals('p', fifo.type());
        assertEquals("prw-------", fifo.modeString());

        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        try {
            bind(s, SockAddr.un(dir.resolve("s").toString()));
            assertEquals('s', stat(dir.resolve("s").toString()).type());
        } finally {
            close(s);
        }

        Stat devNull = stat("/dev/null");
        assertEquals('c', devNull.type());
        assertEquals(1, devNull.rdevMajor());
        assertEquals(3, devNull.rdevMinor());
        assertEquals(0, devNull.size());
    }

    @Test
    void pseudoFilesUseNoBlocks() {
        Stat status = stat("/proc/self/status");
        assertEquals('-', status.type());
        assertEquals(0, status.blocks());
    }
}
