package syslab.posix;

import com.sun.jna.Memory;

/** An array of struct pollfd {@code {int fd; short events; short revents;}} (8 bytes) in native memory. */
public final class PollFds {
    public static final int SIZE = 8;

    final Memory memory;
    private final int length;

    public PollFds(int length) {
        this.length = length;
        this.memory = new Memory((long) length * SIZE);
        memory.clear();
    }

    public int length() { return length; }

    /** Where the array starts, for {@link Jni}. */
    long address() { return Jni.address(memory); }

    public PollFds set(int i, int fd, int events) {
        memory.setInt((long) i * SIZE, fd);
        memory.setShort((long) i * SIZE + 4, (short) events);
        memory.setShort((long) i * SIZE + 6, (short) 0);
        return this;
    }

    public int fd(int i) { return memory.getInt((long) i * SIZE); }

    public int revents(int i) { return memory.getShort((long) i * SIZE + 6) & 0xffff; }
}
