package syslab.experiments.ipc;

import syslab.experiments.common.Labels;

import java.util.List;

/** The IPC methods {@link IpcCompare} measures between two processes. */
public enum Method {
    PIPE,
    /** A named pipe: the same kernel object as a pipe, reached through a path. */
    FIFO,
    /** socketpair(AF_UNIX, SOCK_STREAM): a local (Unix-domain) socket. */
    SOCKETPAIR,
    /** A TCP connection to 127.0.0.1, with TCP_NODELAY. */
    TCP_LOOPBACK,
    /** A MAP_SHARED mapping, synchronised with process-shared POSIX semaphores. */
    SHM,
    /** SIGUSR1 between two single-threaded children taking it with sigtimedwait: latency only. */
    SIGNAL;

    /** As users type it: "tcp-loopback". */
    public String label() { return Labels.of(this); }

    @Override
    public String toString() { return label(); }

    /** Whether the method moves bytes (signals carry none worth measuring). */
    public boolean carriesBytes() { return this != SIGNAL; }

    /** Whether the method is a byte stream read and written with read(2) and write(2). */
    boolean isStream() { return this != SHM && this != SIGNAL; }

    public static Method parse(String label) { return Labels.parse(Method.class, "IPC method", label); }

    public static List<Method> all() { return List.of(values()); }
}
