package syslab.experiments.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import syslab.posix.Constants;
import syslab.posix.ErrnoException;
import syslab.posix.LibC;

/**
 * Finds where user space ends by asking the kernel: mmap(2) one page at a fixed address with
 * MAP_FIXED_NOREPLACE, which fails with ENOMEM above the end of user space and with EEXIST where
 * something is mapped already (a valid user address). A binary search over addresses from 4 GiB
 * to 2^57 finds the first page the kernel refuses to map. Nothing mapped stays mapped.
 */
public final class UserSpaceEnd {
    private UserSpaceEnd() { }

    /** mmap(2): like MAP_FIXED, but fails with EEXIST instead of replacing a mapping (Linux 4.17). */
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    private static final long PAGE = 4096;

    /** The lowest address at which the kernel refuses to map a page: the end of user space (exclusive). */
    public static long probe() {
        long lo = (1L << 32) / PAGE, hi = (1L << 57) / PAGE;   // page numbers: lo can be mapped, hi cannot
        if (!canMap(lo * PAGE) || canMap(hi * PAGE)) throw new IllegalStateException("address space unlike any Linux");
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (canMap(mid * PAGE)) lo = mid;
            else hi = mid;
        }
        return hi * PAGE;
    }

    /** Whether this page lies in user space: it can be mapped now, or is mapped already. */
    static boolean canMap(long address) {
        Pointer p = LibC.mmap(new Pointer(address), PAGE, Constants.PROT_NONE,
            Constants.MAP_PRIVATE | Constants.MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        long got = Pointer.nativeValue(p);
        if (got == -1) {
            int errno = Native.getLastError();
            if (errno == Constants.EEXIST) return true;
            if (errno == Constants.ENOMEM) return false;
            throw new ErrnoException(String.format("mmap(0x%x, MAP_FIXED_NOREPLACE)", address), errno);
        }
        LibC.munmap(p, PAGE);
        if (got != address) {
            throw new IllegalStateException("mmap ignored MAP_FIXED_NOREPLACE (Linux before 4.17?): asked for "
                + Long.toHexString(address) + ", got " + Long.toHexString(got));
        }
        return true;
    }
}
