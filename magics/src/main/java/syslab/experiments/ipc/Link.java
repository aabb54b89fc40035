package syslab.experiments.ipc;

import com.sun.jna.Memory;
import syslab.experiments.proc.Child;
import syslab.posix.C;
import syslab.posix.Jni;
import syslab.posix.LibC;
import syslab.posix.SockAddr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static syslab.posix.Constants.*;

/**
 * Two one-way byte streams between the parent and a child, made before fork: down (parent to
 * child) and up (child to parent). After fork each side closes the other's ends, so that a side
 * sees end of file (or EPIPE) as soon as the other process is gone.
 */
final class Link implements AutoCloseable {
    final int parentIn, parentOut, childIn, childOut;
    private final int[] parentFds, childFds;
    private boolean childFdsClosed;
    private boolean closed;

    private Link(int parentIn, int parentOut, int childIn, int childOut) {
        this.parentIn = parentIn;
        this.parentOut = parentOut;
        this.childIn = childIn;
        this.childOut = childOut;
        this.parentFds = Arrays.stream(new int[] {parentIn, parentOut}).distinct().toArray();
        this.childFds = Arrays.stream(new int[] {childIn, childOut}).distinct().toArray();
    }

    static Link open(Method method) {
        return switch (method) {
            case PIPE -> pipes();
            case FIFO -> fifos();
            case SOCKETPAIR -> socketpair();
            case TCP_LOOPBACK -> tcpLoopback();
            default -> throw new IllegalArgumentException(method + " is not a byte stream");
        };
    }

    private static Link pipes() {
        int[] down = new int[2], up = new int[2];
        C.pipe2(down, O_CLOEXEC);
        C.pipe2(up, O_CLOEXEC);
        return new Link(up[0], down[1], down[0], up[1]);
    }

    /**
     * Opening a FIFO blocks until the other end is opened, so both ends are opened here: the read
     * end non-blocking (which returns at once), then the write end, then the read end made
     * blocking again. The paths are removed at once; the open FIFOs live on.
     */
    private static Link fifos() {
        try {
            Path dir = Files.createTempDirectory("syslab-fifo");
            try {
                int[] down = fifo(dir.resolve("down").toString()), up = fifo(dir.resolve("up").toString());
                return new Link(up[0], down[1], down[0], up[1]);
            } finally {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] fifo(String path) {
        C.mkfifo(path, 0600);
        try {
            int r = C.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            int w = C.open(path, O_WRONLY | O_CLOEXEC);
            C.fcntl(r, F_SETFL, C.fcntl(r, F_GETFL) & ~O_NONBLOCK);
            return new int[] {r, w};
        } finally {
            C.unlink(path);
        }
    }

    private static Link socketpair() {
        int[] sv = new int[2];
        C.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
        return new Link(sv[0], sv[0], sv[1], sv[1]);
    }

    /** A connection to 127.0.0.1 on a port bind chose; Nagle's algorithm off on both ends. */
    private static Link tcpLoopback() {
        int listener = C.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try {
            C.bind(listener, SockAddr.in("127.0.0.1", 0));
            C.listen(listener, 1);
            Memory bound = C.getsockname(listener);
            int client = C.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            C.connect(client, SockAddr.in("127.0.0.1", SockAddr.port(bound)));
            int server = C.accept(listener);
            C.setsockopt(client, IPPROTO_TCP, TCP_NODELAY, 1);
            C.setsockopt(server, IPPROTO_TCP, TCP_NODELAY, 1);
            return new Link(client, client, server, server);
        } finally {
            C.close(listener);
        }
    }

    /** One turn of a child's loop on a link: 0, or the child's exit status. */
    interface Step {
        int run(int in, int out, long buf);
    }

    /**
     * Has C1 compile a child's step before the fork ({@link Child#compileFirst}): a forked JVM has no
     * compiler threads, and the step it would interpret is what C times in its own child. The step
     * runs here on a private non-blocking pipe holding a byte, where it can neither block nor touch
     * a link; buf is its one byte.
     */
    static void compileFirst(String step, Step turn) {
        if (Child.compiled(step)) return;
        int[] fds = new int[2];
        C.pipe2(fds, O_NONBLOCK | O_CLOEXEC);
        try (Memory b = new Memory(1)) {
            long at = Jni.address(b);
            Child.compileFirst(step, () -> {
                Jni.write(fds[1], at, 1);
                turn.run(fds[0], fds[1], at);
                Jni.read(fds[0], at, 1);
            });
        } finally {
            C.close(fds[0]);
            C.close(fds[1]);
        }
    }

    /** In the child: closes the parent's ends. Native calls only. */
    void inChild() {
        for (int fd : parentFds) LibC.close(fd);
    }

    /** In the parent after fork: closes the child's ends. */
    void inParent() {
        if (childFdsClosed) return;
        childFdsClosed = true;
        for (int fd : childFds) C.close(fd);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        inParent();
        for (int fd : parentFds) C.close(fd);
    }
}
