package syslab.experiments.files;

import syslab.posix.C;
import syslab.posix.Constants;
import syslab.posix.ErrnoException;
import syslab.posix.Stat;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Names and inodes: link(2) adds a directory entry for an existing inode and raises its link
 * count; unlink(2) removes a name and lowers it. The file itself goes only when no name and no
 * open file descriptor is left: an open file with no name at all can still be read.
 */
public final class HardLinks {
    private HardLinks() { }

    static final String CONTENT = "the data lives in the inode's blocks, not in any name\n";

    /** Runs the steps in {@code dir}; one row per step: call, names left, inode, st_nlink, what a read returns. */
    public static Table run(Path dir) {
        String a = dir.resolve("a").toString(), b = dir.resolve("b").toString(), c = dir.resolve("c").toString();
        StringColumn call = StringColumn.create("call"), names = StringColumn.create("names left"),
            read = StringColumn.create("read through");
        LongColumn ino = LongColumn.create("inode");
        IntColumn nlink = IntColumn.create("st_nlink");

        int fd = C.open(a, Constants.O_CREAT | Constants.O_EXCL | Constants.O_WRONLY, 0644);
        C.write(fd, CONTENT);
        C.close(fd);
        step("open(a, O_CREAT), write, close", List.of(a, b, c), -1, call, names, ino, nlink, read);
        C.link(a, b);
        step("link(a, b)", List.of(a, b, c), -1, call, names, ino, nlink, read);
        C.link(a, c);
        step("link(a, c)", List.of(a, b, c), -1, call, names, ino, nlink, read);
        C.unlink(a);
        step("unlink(a)", List.of(a, b, c), -1, call, names, ino, nlink, read);
        fd = C.open(b, Constants.O_RDONLY);
        try {
            C.unlink(b);
            C.unlink(c);
            step("open(b), unlink(b), unlink(c)", List.of(a, b, c), fd, call, names, ino, nlink, read);
        } finally {
            C.close(fd);
        }
        return Table.create("hard links", call, names, ino, nlink, read);
    }

    /** Appends a row: the names that still exist, and the inode seen through the first name or the fd. */
    private static void step(String what, List<String> paths, int fd, StringColumn call, StringColumn names,
                             LongColumn ino, IntColumn nlink, StringColumn read) {
        List<String> left = new ArrayList<>();
        Stat st = null;
        String through = "";
        for (String p : paths) {
            try {
                Stat s = C.stat(p);
                left.add(Path.of(p).getFileName().toString());
                if (st == null) {
                    st = s;
                    through = Path.of(p).getFileName() + ": " + readAll(p).strip();
                }
            } catch (ErrnoException e) {
                if (!e.name().equals("ENOENT")) throw e;
            }
        }
        if (fd >= 0) {
            st = C.fstat(fd);
            byte[] buf = new byte[256];
            C.lseek(fd, 0, Constants.SEEK_SET);
            through = "fd " + fd + ": " + new String(buf, 0, C.read(fd, buf, buf.length), StandardCharsets.UTF_8).strip();
        }
        call.append(what);
        names.append(left.isEmpty() ? "(none)" : String.join(", ", left));
        ino.append(st.ino());
        nlink.append((int) st.nlink());
        read.append(through);
    }

    private static String readAll(String path) {
        int fd = C.open(path, Constants.O_RDONLY);
        try {
            byte[] buf = new byte[256];
            return new String(buf, 0, C.read(fd, buf, buf.length), StandardCharsets.UTF_8);
        } finally {
            C.close(fd);
        }
    }
}
