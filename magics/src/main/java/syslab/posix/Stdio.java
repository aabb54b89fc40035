package syslab.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The variadic stdio functions. Direct mapping cannot call a variadic function, so these go through
 * JNA interface mapping (a few microseconds a call). Arguments: Integer, Long, Double, String, Pointer;
 * {@link C#printf} promotes the other boxed types the way C's default argument promotions do.
 */
public interface Stdio extends Library {
    Stdio INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Stdio.class, LibC.OPTIONS);

    int printf(String format, Object... args);
    int fprintf(Pointer stream, String format, Object... args);
    int dprintf(int fd, String format, Object... args);
    int snprintf(byte[] str, long size, String format, Object... args);
}
