package syslab.experiments.io;

import com.sun.jna.Memory;
import syslab.experiments.common.Monitor;
import syslab.posix.C;
import syslab.posix.EpollEvents;
import syslab.posix.ErrnoException;
import syslab.posix.Jni;
import syslab.posix.LibC;
import syslab.posix.SockAddr;

import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * The load for an echo server: N TCP connections on loopback driven by one thread with epoll, each
 * in a closed loop (send a request, wait for the whole echo, send the next). A warm-up comes first;
 * then requests are counted and each one's latency (send to last byte back) is kept.
 */
final class EchoClients {
    private EchoClients() { }

    /**
     * What the measured window saw (latencies holds {@code requests} values in nanoseconds), and the
     * requests of the whole run, warm-up included. unanswered counts the clients that got no reply in
     * the measured window: a server that loses a wakeup leaves its client waiting for good.
     */
    record Result(long requests, long elapsedNanos, long[] latencies, long serverCpuNanos, long allRequests,
                  int unanswered) { }

    static Result run(int port, int clients, int payload, long warmUpNanos, long measureNanos, EchoServer server,
                      Monitor monitor) {
        try (Fds fds = new Fds()) {
            Memory addr = SockAddr.in("127.0.0.1", port);
            int ep = fds.add(C.epoll_create1(LibC.EPOLL_CLOEXEC));
            int[] fd = new int[clients];
            for (int i = 0; i < clients; i++) {
                fd[i] = fds.add(C.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0));
                C.setsockopt(fd[i], LibC.IPPROTO_TCP, LibC.TCP_NODELAY, 1);
                C.connect(fd[i], addr);
                C.fcntl(fd[i], LibC.F_SETFL, C.fcntl(fd[i], LibC.F_GETFL) | LibC.O_NONBLOCK);
                C.epoll_ctl(ep, LibC.EPOLL_CTL_ADD, fd[i], LibC.EPOLLIN, i);
            }
            Memory request = new Memory(payload);
            request.setMemory(0, payload, (byte) 'x');
            Memory reply = new Memory(payload);
            long[] sentAt = new long[clients];
            int[] got = new int[clients];
            boolean[] answered = new boolean[clients];
            EpollEvents events = new EpollEvents(Math.min(clients, 256));
            long[] latencies = new long[1024];
            long requests = 0, allRequests = 0, cpuAtStart = 0, measuredFrom = 0;
            boolean measuring = false;
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) send(fd[i], request, payload, sentAt, i);
            while (true) {
                long now = System.nanoTime();
                if (!measuring && now - start >= warmUpNanos) {
                    measuring = true;
                    measuredFrom = now;
                    cpuAtStart = server.cpuNanos();
                }
                if (measuring && now - measuredFrom >= measureNanos) break;
                monitor.check();
                if (server.failure() != null) return null;
                // through Jni, as the C clients call libc (JNA adds 0.1 to 0.2 us a call)
                int n = Jni.epoll_wait(ep, events, events.capacity(), 10);
                if (n == -LibC.EINTR) continue;  // an interrupt is seen at the check above
                if (n < 0) throw new ErrnoException("epoll_wait(epfd=" + ep + ")", -n);
                for (int j = 0; j < n; j++) {
                    int i = (int) events.data(j);
                    long r = Jni.read(fd[i], Jni.address(reply), payload - got[i]);
                    Reference.reachabilityFence(reply);
                    if (r == 0) throw new IllegalStateException("the server closed connection " + i);
                    if (r < 0) {
                        int errno = (int) -r;
                        if (errno == LibC.EAGAIN) continue;
                        throw new ErrnoException("read(fd=" + fd[i] + ")", errno);
                    }
                    got[i] += (int) r;
                    if (got[i] < payload) continue;
                    long done = System.nanoTime();
                    allRequests++;
                    if (measuring) {
                        if (requests == latencies.length) latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        latencies[(int) requests++] = done - sentAt[i];
                        answered[i] = true;
                    }
                    got[i] = 0;
                    send(fd[i], request, payload, sentAt, i);
                }
            }
            long elapsed = System.nanoTime() - measuredFrom;
            long cpu = server.cpuNanos() - cpuAtStart;
            int unanswered = 0;
            for (boolean a : answered) if (!a) unanswered++;
            return new Result(requests, elapsed, Arrays.copyOf(latencies, (int) requests), cpu, allRequests, unanswered);
        }
    }

    private static void send(int fd, Memory request, int payload, long[] sentAt, int i) {
        sentAt[i] = System.nanoTime();
        long w = Jni.write(fd, Jni.address(request), payload);
        Reference.reachabilityFence(request);
        // One request in flight per connection: the socket buffer always has room for it.
        if (w != payload) {
            throw w < 0 ? new ErrnoException("write(fd=" + fd + ")", (int) -w)
                : new IllegalStateException("short write of a request: " + w + " of " + payload + " bytes");
        }
    }
}
