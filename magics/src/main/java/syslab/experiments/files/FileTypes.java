package syslab.experiments.files;

import syslab.posix.C;
import syslab.posix.Constants;
import syslab.posix.SockAddr;
import syslab.posix.Stat;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One file of each type ls -l knows, made with the system call that makes it: a regular file
 * (open O_CREAT), a directory (mkdir), a symbolic link (symlink), a socket (bind of an AF_UNIX
 * socket) and a named pipe (mkfifo); device files cannot be made without privilege, so the
 * character and block devices come from /dev. Each one is lstat'ed and its st_mode decoded.
 */
public final class FileTypes {
    private FileTypes() { }

    /** The files made in the directory, by name: the paths {@link #create} returns are these, in order. */
    public static final List<String> NAMES = List.of("regular", "directory", "symlink", "long-symlink", "socket", "fifo");

    /** A symlink target of 60 bytes or more does not fit in an ext4 inode (59 and a NUL do) and needs a block. */
    static final String LONG_TARGET = "x".repeat(77);

    /**
     * Makes the files in {@code dir} (which must exist): regular holds 64 KiB of random bytes,
     * symlink points to "regular", long-symlink to a 77-byte name that does not exist.
     */
    public static List<Path> create(Path dir) throws IOException {
        Path regular = dir.resolve("regular");
        byte[] data = new byte[64 * 1024];
        new Random(1).nextBytes(data);   // random, so no compressing filesystem can shrink it
        Files.write(regular, data);
        Files.createDirectory(dir.resolve("directory"));
        C.symlink("regular", dir.resolve("symlink").toString());
        C.symlink(LONG_TARGET, dir.resolve("long-symlink").toString());
        int fd = C.socket(Constants.AF_UNIX, Constants.SOCK_STREAM, 0);
        try {
            C.bind(fd, SockAddr.un(dir.resolve("socket").toString()));   // bind creates the socket file
        } finally {
            C.close(fd);
        }
        C.mkfifo(dir.resolve("fifo").toString(), 0644);
        return NAMES.stream().map(dir::resolve).toList();
    }

    /** The first block device in /dev, if the machine shows any (containers often do not). */
    public static Optional<Path> blockDevice() throws IOException {
        try (Stream<Path> dev = Files.list(Path.of("/dev"))) {
            return dev.sorted().filter(p -> C.lstat(p.toString()).type() == 'b').findFirst();
        }
    }

    /** The S_IFMT value's name: S_IFREG, S_IFDIR... */
    public static String formatName(int mode) {
        return switch (mode & Constants.S_IFMT) {
            case Constants.S_IFREG -> "S_IFREG";
            case Constants.S_IFDIR -> "S_IFDIR";
            case Constants.S_IFLNK -> "S_IFLNK";
            case Constants.S_IFSOCK -> "S_IFSOCK";
            case Constants.S_IFIFO -> "S_IFIFO";
            case Constants.S_IFBLK -> "S_IFBLK";
            case Constants.S_IFCHR -> "S_IFCHR";
            default -> "unknown";
        };
    }

    /**
     * lstat of each path, decoded: type letter, st_mode in octal and split into its file type
     * (st_mode &amp; S_IFMT) and permission bits (st_mode &amp; 07777), inode, links, size, 512-byte
     * blocks, and major:minor of a device.
     */
    public static Table table(List<Path> paths) {
        StringColumn file = StringColumn.create("file"), type = StringColumn.create("type"),
            mode = StringColumn.create("st_mode"), format = StringColumn.create("st_mode & S_IFMT"),
            perms = StringColumn.create("st_mode & 07777"), ls = StringColumn.create("ls -l"),
            device = StringColumn.create("device");
        LongColumn ino = LongColumn.create("inode"), size = LongColumn.create("size"), blocks = LongColumn.create("blocks");
        IntColumn links = IntColumn.create("links");
        for (Path p : paths) {
            Stat st = C.lstat(p.toString());
            file.append(p.toString());
            type.append(String.valueOf(st.type()));
            mode.append(String.format("0%o", st.mode()));
            format.append(String.format("0%o %s", st.mode() & Constants.S_IFMT, formatName(st.mode())));
            perms.append(String.format("%04o", st.mode() & 07777));
            ls.append(st.modeString());
            ino.append(st.ino());
            links.append((int) st.nlink());
            size.append(st.size());
            blocks.append(st.blocks());
            device.append(st.type() == 'b' || st.type() == 'c' ? st.rdevMajor() + ", " + st.rdevMinor() : "");
        }
        return Table.create("file types", file, type, mode, format, perms, ls, ino, links, size, blocks, device);
    }

    /** The paths {@link #create} made in dir, then /dev/null, a block device if any, and /proc/self/status. */
    public static List<Path> all(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>(create(dir));
        paths.add(Path.of("/dev/null"));
        blockDevice().ifPresent(paths::add);
        paths.add(Path.of("/proc/self/status"));
        return paths;
    }
}
