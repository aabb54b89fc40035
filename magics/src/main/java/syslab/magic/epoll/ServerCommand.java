package syslab.magic.epoll;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.io.EpollServer;
import syslab.magic.Bounds;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll server}: {@link EpollServer} as a table, a throughput chart and a latency chart. */
@Command(name = "server", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
        description = {
            "An echo server on loopback per IO model (threads: a thread per connection with blocking IO; "
                + "select; poll; epoll-lt; epoll-et: the notes' reactor), driven by N concurrent clients in a "
                + "closed loop: requests per second, p50 and p99 latency, and the server's CPU time.",
            "Server and clients run in this JVM on threads of their own. select refuses connections whose fd is "
                + ">= FD_SETSIZE (1024), with a row that says so."})
final class ServerCommand extends ExperimentCommand {
    @ParentCommand
    EpollMagic parent;

    @Option(names = "--models", split = ",", paramLabel = "M",
            description = "IO models: threads, select, poll, epoll-lt, epoll-et (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--clients", split = ",", paramLabel = "N",
            description = "Concurrent clients to sweep, each 1 to 5000, at most 20 (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Measured seconds per model and client count, 0.01 to 60, after a warm-up of a fifth of that "
                + "(default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--payload", paramLabel = "BYTES",
            description = "Bytes per request and per reply, 1 to 65536 (default: ${DEFAULT-VALUE}).")
    int payload;

    ServerCommand() {
        super(EpollServer.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        Bounds.each("epoll server", "--clients", clients, 1, 5000, 20);
        Bounds.check("epoll server", "--seconds", seconds, 0.01, 60);
        Bounds.check("epoll server", "--payload", payload, 1, 65536);
        EpollServer.Params p = MagicRunner.params(
            () -> new EpollServer.Params(models.stream().map(EpollServer.Model::parse).toList(), clients, seconds, payload));
        Table t = EpollServer.run(p, parent.monitor("epoll server", p.steps()));
        Table measured = t.where(t.doubleColumn("p99 µs").isNotMissing());
        if (measured.isEmpty()) return List.of(t);
        return List.of(t, Charts.line(measured, "clients", "req/s", "model", true),
            Charts.line(measured, "clients", "p99 µs", "model", true));
    }
}
