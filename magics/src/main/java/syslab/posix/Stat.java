package syslab.posix;

import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.time.Instant;

/**
 * struct stat (stat(2)), decoded. {@link #type()} is the file type letter of {@code ls -l}:
 * {@code - d l s p b c}; {@link #mode()} keeps the whole st_mode (type and permission bits).
 * The layout differs: x86-64 has its own (st_nlink before st_mode, 64-bit st_blksize, 144 bytes),
 * aarch64 the generic one (st_mode before a 32-bit st_nlink, 128 bytes).
 */
public record Stat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size,
                   long blksize, long blocks, Instant atime, Instant mtime, Instant ctime) {

    private static final boolean X86_64 = Platform.isIntel() && Platform.is64Bit();
    /** Bytes to allocate for one struct stat. */
    public static final int SIZE = X86_64 ? 144 : 128;
    static final int OFF_MODE = X86_64 ? 24 : 16, OFF_NLINK = X86_64 ? 16 : 20, OFF_UID = X86_64 ? 28 : 24,
        OFF_RDEV = X86_64 ? 40 : 32, OFF_SIZE = 48, OFF_BLKSIZE = 56, OFF_BLOCKS = 64, OFF_ATIM = 72;

    public static Stat decode(Pointer p) {
        return new Stat(p.getLong(0), p.getLong(8), p.getInt(OFF_MODE),
            X86_64 ? p.getLong(OFF_NLINK) : Integer.toUnsignedLong(p.getInt(OFF_NLINK)),
            p.getInt(OFF_UID), p.getInt(OFF_UID + 4), p.getLong(OFF_RDEV), p.getLong(OFF_SIZE),
            X86_64 ? p.getLong(OFF_BLKSIZE) : p.getInt(OFF_BLKSIZE), p.getLong(OFF_BLOCKS),
            time(p, OFF_ATIM), time(p, OFF_ATIM + 16), time(p, OFF_ATIM + 32));
    }

    private static Instant time(Pointer p, int off) {
        return Instant.ofEpochSecond(p.getLong(off), p.getLong(off + 8));
    }

    /** The file type letter, as {@code ls -l} prints it. */
    public char type() {
        return switch (mode & Constants.S_IFMT) {
            case Constants.S_IFREG -> '-';
            case Constants.S_IFDIR -> 'd';
            case Constants.S_IFLNK -> 'l';
            case Constants.S_IFSOCK -> 's';
            case Constants.S_IFIFO -> 'p';
            case Constants.S_IFBLK -> 'b';
            case Constants.S_IFCHR -> 'c';
            default -> '?';
        };
    }

    /** {@code ls -l}'s mode column, e.g. "drwxr-xr-x" (setuid, setgid and sticky bits shown as s/t). */
    public String modeString() {
        StringBuilder b = new StringBuilder().append(type());
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) b.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        if ((mode & 04000) != 0) b.setCharAt(3, (mode & 0100) != 0 ? 's' : 'S');
        if ((mode & 02000) != 0) b.setCharAt(6, (mode & 010) != 0 ? 's' : 'S');
        if ((mode & 01000) != 0) b.setCharAt(9, (mode & 01) != 0 ? 't' : 'T');
        return b.toString();
    }

    /** major(3) and minor(3) of st_rdev, for device files. */
    public int rdevMajor() { return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfff)); }
    public int rdevMinor() { return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xff)); }
}
