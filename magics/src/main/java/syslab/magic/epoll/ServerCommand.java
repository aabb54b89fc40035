package syslab.magic.epoll;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.io.EpollServer;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll server}: {@link EpollServer} as a table, a throughput chart and a latency chart. */
@Command(name = "server", description = """
        An echo server on loopback per IO model (threads: a thread per connection with blocking IO; \
        select; poll; epoll-lt; epoll-et: the notes' reactor), driven by N concurrent clients in a \
        closed loop: requests per second, p50 and p99 latency, and the server's CPU time.%n\
        Server and clients run in this JVM on threads of their own. select refuses connections whose fd \
        is >= FD_SETSIZE (1024), with a row that says so.""")
final class ServerCommand extends ExperimentCommand<EpollServer.Params> {
    @Override
    protected List<?> run(EpollServer.Params p) {
        Table t = EpollServer.run(p, monitor(p.steps()));
        Table measured = t.where(t.doubleColumn("p99 µs").isNotMissing());
        if (measured.isEmpty()) return List.of(t);
        return List.of(t, Charts.line(measured, "clients", "req/s", "model", true),
            Charts.line(measured, "clients", "p99 µs", "model", true));
    }
}
