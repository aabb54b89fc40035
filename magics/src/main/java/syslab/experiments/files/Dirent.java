package syslab.experiments.files;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import syslab.posix.ErrnoException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a directory the way ls does, with readdir(3): each entry is a name, an inode number and
 * (on most filesystems) the file's type. This is all a directory holds; the rest is in the inode.
 */
public final class Dirent {
    private Dirent() { }

    static {
        Native.register(Dirent.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME,
            Map.of(com.sun.jna.Library.OPTION_STRING_ENCODING, "UTF-8")));
    }

    private static native Pointer opendir(String name);
    private static native Pointer readdir(Pointer dirp);
    private static native int closedir(Pointer dirp);

    // struct dirent as glibc lays it out on 64-bit Linux (x86-64 and aarch64 alike).
    private static final int OFF_INO = 0, OFF_TYPE = 18, OFF_NAME = 19;

    /** d_type values (readdir(3)); 0 is DT_UNKNOWN. */
    static final int DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10, DT_SOCK = 12;

    /** d_type as the ls -l letter; '?' for DT_UNKNOWN (a filesystem that does not store types). */
    static char typeLetter(int dType) {
        return switch (dType) {
            case DT_FIFO -> 'p';
            case DT_CHR -> 'c';
            case DT_DIR -> 'd';
            case DT_BLK -> 'b';
            case DT_REG -> '-';
            case DT_LNK -> 'l';
            case DT_SOCK -> 's';
            default -> '?';
        };
    }

    /** One directory entry: d_name, d_ino and d_type as a type letter. */
    public record Entry(String name, long ino, char type) { }

    /** Every entry of the directory, "." and ".." included, in the order readdir returns them. */
    public static List<Entry> read(String path) {
        Pointer dir = opendir(path);
        if (dir == null) throw new ErrnoException("opendir(\"" + path + "\")", Native.getLastError());
        try {
            List<Entry> entries = new ArrayList<>();
            while (true) {
                Native.setLastError(0);   // readdir returns NULL both at the end and on error
                Pointer e = readdir(dir);
                if (e == null) {
                    int errno = Native.getLastError();
                    if (errno != 0) throw new ErrnoException("readdir(\"" + path + "\")", errno);
                    return entries;
                }
                entries.add(new Entry(e.getString(OFF_NAME, StandardCharsets.UTF_8.name()), e.getLong(OFF_INO),
                    typeLetter(e.getByte(OFF_TYPE) & 0xff)));
            }
        } finally {
            closedir(dir);
        }
    }
}
