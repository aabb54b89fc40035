package syslab.experiments.memory;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import syslab.posix.ErrnoException;

/** Where the calling thread's stack lies, as glibc knows it (pthread_getattr_np(3)). */
public final class ThreadStack {
    private ThreadStack() { }

    static {
        Native.register(ThreadStack.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private static native long pthread_self();
    private static native int pthread_getattr_np(long thread, Pointer attr);
    private static native int pthread_attr_getstack(Pointer attr, long[] stackaddr, long[] stacksize);
    private static native int pthread_attr_destroy(Pointer attr);

    /** pthread_attr_t: 56 bytes on x86-64 and 64 on aarch64. */
    private static final int ATTR_SIZE = 64;

    /** low: the lowest address (the stack grows down toward it); high: just above the highest. */
    public record Range(long low, long high) {
        public long size() { return high - low; }
    }

    public static Range current() {
        Memory attr = new Memory(ATTR_SIZE);
        int r = pthread_getattr_np(pthread_self(), attr);
        if (r != 0) throw new ErrnoException("pthread_getattr_np(pthread_self())", r);
        try {
            long[] addr = new long[1], size = new long[1];
            r = pthread_attr_getstack(attr, addr, size);
            if (r != 0) throw new ErrnoException("pthread_attr_getstack", r);
            return new Range(addr[0], addr[0] + size[0]);
        } finally {
            pthread_attr_destroy(attr);
        }
    }
}
