package syslab.magic.epoll;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.io.EpollHerd;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll herd}: {@link EpollHerd} as a table and a bar chart of wakeups per connection. */
@Command(name = "herd", description = """
        The thundering herd: --waiters processes wait for connections on one listening socket, in accept \
        (accept), in epoll_wait on an epoll instance each (epoll), the same with EPOLLEXCLUSIVE \
        (epoll-exclusive), or in accept on a socket each bound with SO_REUSEPORT (reuseport).%n\
        Wakeups: for each connection, the waiters whose voluntary context switches (/proc/PID/status) \
        went up, not those that returned: a waiter woken for nothing goes back to sleep inside \
        epoll_wait.""")
final class HerdCommand extends ExperimentCommand<EpollHerd.Params> {
    @Override
    protected List<?> run(EpollHerd.Params p) {
        Table t = EpollHerd.run(p, monitor(p.steps()));
        return List.of(t, Charts.bars(t, "mode", "wakeups per connection", null));
    }
}
