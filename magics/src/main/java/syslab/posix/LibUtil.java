package syslab.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** openpty(3): in libc since glibc 2.34, in libutil before. */
final class LibUtil {
    private LibUtil() { }

    static {
        NativeLibrary lib = LibC.LIBRARY;
        try {
            lib.getFunction("openpty");
        } catch (UnsatisfiedLinkError old) {
            lib = NativeLibrary.getInstance("util", LibC.OPTIONS);
        }
        Native.register(LibUtil.class, lib);
    }

    static native int openpty(int[] amaster, int[] aslave, Pointer name, Pointer termp, Pointer winp);
}
