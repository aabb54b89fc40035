package syslab.experiments.ipc;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The IPC methods {@link IpcCompare} measures between two processes. */
public enum Method {
    PIPE("pipe"),
    /** A named pipe: the same kernel object as a pipe, reached through a path. */
    FIFO("fifo"),
    /** socketpair(AF_UNIX, SOCK_STREAM): a local (Unix-domain) socket. */
    SOCKETPAIR("socketpair"),
    /** A TCP connection to 127.0.0.1, with TCP_NODELAY. */
    TCP_LOOPBACK("tcp-loopback"),
    /** A MAP_SHARED mapping, synchronised with process-shared POSIX semaphores. */
    SHM("shm"),
    /** SIGUSR1 between two single-threaded children taking it with sigtimedwait: latency only. */
    SIGNAL("signal");

    public final String label;

    Method(String label) { this.label = label; }

    @Override
    public String toString() { return label; }

    /** Whether the method moves bytes (signals carry none worth measuring). */
    public boolean carriesBytes() { return this != SIGNAL; }

    /** Whether the method is a byte stream read and written with read(2) and write(2). */
    boolean isStream() { return this != SHM && this != SIGNAL; }

    public static Method of(String label) {
        for (Method m : values()) if (m.label.equals(label)) return m;
        throw new IllegalArgumentException("no IPC method '" + label + "': use one of "
            + Arrays.stream(values()).map(Method::toString).collect(Collectors.joining(", ")));
    }

    public static List<Method> all() { return List.of(values()); }
}
