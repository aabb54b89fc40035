package syslab.experiments.io;

import syslab.experiments.common.Labels;
import syslab.experiments.common.Monitor;
import syslab.experiments.common.Param;
import syslab.experiments.common.Percentiles;
import syslab.posix.C;
import syslab.posix.LibC;
import syslab.posix.SockAddr;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.Arrays;
import java.util.List;

/**
 * An echo server per IO model on loopback (127.0.0.1 only), driven by N concurrent clients in a
 * closed loop: requests per second, latency percentiles and the server's CPU time. The server runs
 * on threads of its own in this JVM; the clients on the calling thread, with epoll (see
 * {@link EchoClients}). On a 2-core machine the two sides get a core each.
 */
public final class EpollServer {
    private EpollServer() { }

    public enum Model {
        /** Blocking IO, a thread per connection. */
        THREADS,
        SELECT,
        POLL,
        /** Level-triggered epoll, blocking connections. */
        EPOLL_LT,
        /** The notes' reactor: edge-triggered epoll, non-blocking connections, read then write interest. */
        EPOLL_ET;

        public String label() { return Labels.of(this); }

        public static Model parse(String name) { return Labels.parse(Model.class, name); }

        EchoServer create(int payload, int clients) {
            return switch (this) {
                case THREADS -> new ThreadPerConnectionServer(payload);
                case SELECT -> new SelectServer(payload);
                case POLL -> new PollServer(payload, clients);
                case EPOLL_LT -> new EpollLtServer(payload);
                case EPOLL_ET -> new EpollReactor(payload);
            };
        }
    }

    /** The servers to drive, by how many clients, for how long, with requests of {@code payload} bytes. */
    public record Params(
            @Param(value = "IO models", label = "M") List<Model> models,
            @Param(value = "Concurrent clients to sweep", label = "N", min = 1, max = 5000) List<Integer> clients,
            @Param(value = "Measured seconds per model and client count, after a warm-up of a fifth of that", label = "S",
                min = 0.01, max = 60) double seconds,
            @Param(value = "Bytes per request and per reply", label = "BYTES", min = 1, max = 65536) int payload) {
        public Params {
            models = List.copyOf(models);
            clients = List.copyOf(clients);
            if (models.isEmpty()) throw new IllegalArgumentException("models: give at least one");
            if (clients.isEmpty() || clients.stream().anyMatch(n -> n < 1 || n > 5000)) {
                throw new IllegalArgumentException("clients: give counts from 1 to 5000");
            }
            if (!(seconds > 0 && seconds <= 60)) throw new IllegalArgumentException("seconds must be > 0 and <= 60");
            if (payload < 1 || payload > 65536) throw new IllegalArgumentException("payload must be 1 to 65536 bytes");
        }

        /** Every model at 1, 10, 100 and 1,000 clients, 0.5 s each, 64-byte requests. */
        public static Params defaults() {
            return new Params(List.of(Model.values()), List.of(1, 10, 100, 1000), 0.5, 64);
        }

        /** Measurements a run makes: one per model and client count. */
        public int steps() { return models.size() * clients.size(); }
    }

    public static Table run(Params p) {
        return run(p, Monitor.THREAD);
    }

    public static Table run(Params p, Monitor monitor) {
        Table t = Table.create("echo server per IO model, " + p.payload() + "-byte requests on loopback",
            StringColumn.create("model"), IntColumn.create("clients"), LongColumn.create("requests"),
            DoubleColumn.create("req/s"), DoubleColumn.create("mean µs"), DoubleColumn.create("p50 µs"),
            DoubleColumn.create("p99 µs"),
            DoubleColumn.create("server CPU ms"), DoubleColumn.create("server CPU µs per request"),
            DoubleColumn.create("server syscalls per request"), IntColumn.create("clients without a reply"),
            StringColumn.create("note"));
        t.doubleColumn("req/s").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(0));
        for (String c : List.of("mean µs", "p50 µs", "p99 µs", "server CPU ms")) {
            t.doubleColumn(c).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        }
        for (String c : List.of("server CPU µs per request", "server syscalls per request")) {
            t.doubleColumn(c).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        }
        try (NofileLimit limit = new NofileLimit()) {
            for (int clients : p.clients()) {
                for (Model m : p.models()) {
                    monitor.check();
                    measure(m, clients, p, monitor, t);
                    monitor.step();
                }
            }
        }
        return t;
    }

    private static void measure(Model m, int clients, Params p, Monitor monitor, Table t) {
        long measure = (long) (p.seconds() * 1e9);
        EchoClients.Result r;
        String failure;
        long syscalls;
        try (Fds fds = new Fds()) {
            int listenFd = fds.add(C.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0));
            C.setsockopt(listenFd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, 1);  // accepted connections inherit it
            C.bind(listenFd, SockAddr.in("127.0.0.1", 0));
            C.listen(listenFd, clients);
            int port = SockAddr.port(C.getsockname(listenFd));
            EchoServer server = m.create(p.payload(), clients);
            try {
                server.start(listenFd);
                r = EchoClients.run(port, clients, p.payload(), measure / 5, measure, server, monitor);
                failure = server.failure();
            } finally {
                server.close();
            }
            syscalls = server.syscalls();  // complete now that its threads have ended
        }
        t.stringColumn("model").append(m.label());
        t.intColumn("clients").append(clients);
        if (r == null || failure != null) {
            t.longColumn("requests").append(0);
            for (String c : List.of("req/s", "mean µs", "p50 µs", "p99 µs", "server CPU ms", "server CPU µs per request",
                    "server syscalls per request")) {
                t.doubleColumn(c).appendMissing();
            }
            t.intColumn("clients without a reply").appendMissing();
            t.stringColumn("note").append(failure == null ? "the server stopped" : failure);
            return;
        }
        t.longColumn("requests").append(r.requests());
        t.doubleColumn("req/s").append(r.requests() / (r.elapsedNanos() / 1e9));
        if (r.requests() > 0) {
            // the mean is what Little's law ties to req/s; the median can sit far from it, e.g. when
            // some requests find client and server on one CPU (6 µs) and the rest on two (60 µs)
            t.doubleColumn("mean µs").append(Arrays.stream(r.latencies()).average().orElseThrow() / 1000.0);
            t.doubleColumn("p50 µs").append(Percentiles.median(r.latencies()) / 1000.0);
            t.doubleColumn("p99 µs").append(Percentiles.of(r.latencies(), 99) / 1000.0);
            t.doubleColumn("server CPU µs per request").append(r.serverCpuNanos() / 1000.0 / r.requests());
        } else {
            t.doubleColumn("mean µs").appendMissing();
            t.doubleColumn("p50 µs").appendMissing();
            t.doubleColumn("p99 µs").appendMissing();
            t.doubleColumn("server CPU µs per request").appendMissing();
        }
        t.doubleColumn("server CPU ms").append(r.serverCpuNanos() / 1e6);
        // over the whole run: the counts include the warm-up, and so do these requests
        t.doubleColumn("server syscalls per request").append(r.allRequests() == 0 ? Double.NaN : (double) syscalls / r.allRequests());
        t.intColumn("clients without a reply").append(r.unanswered());
        t.stringColumn("note").append("");
    }
}
