package syslab.posix;

import com.sun.jna.Memory;
import com.sun.jna.Platform;

/**
 * An array of struct epoll_event in native memory, for epoll_wait (and one for epoll_ctl).
 * The struct is {@code uint32_t events; epoll_data_t data;}: packed on x86-64 (12 bytes, data at 4),
 * naturally aligned elsewhere (16 bytes, data at 8). data holds the fd in {@link C#epoll_ctl}.
 */
public final class EpollEvents {
    private static final boolean PACKED = Platform.isIntel() && Platform.is64Bit();
    public static final int SIZE = PACKED ? 12 : 16;
    static final int DATA_OFFSET = PACKED ? 4 : 8;

    final Memory memory;
    private final int capacity;

    public EpollEvents(int capacity) {
        this.capacity = capacity;
        this.memory = new Memory((long) capacity * SIZE);
        memory.clear();
    }

    public int capacity() { return capacity; }

    /** Where the array starts, for {@link Jni}. */
    long address() { return Jni.address(memory); }

    public EpollEvents set(int i, int events, long data) {
        memory.setInt((long) i * SIZE, events);
        memory.setLong((long) i * SIZE + DATA_OFFSET, data);
        return this;
    }

    public int events(int i) { return memory.getInt((long) i * SIZE); }

    public long data(int i) { return memory.getLong((long) i * SIZE + DATA_OFFSET); }

    /** data as an fd (what {@link C#epoll_ctl(int, int, int, int)} stores). */
    public int fd(int i) { return (int) data(i); }
}
