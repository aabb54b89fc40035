package syslab.magic.epoll;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.io.EpollHerd;
import syslab.magic.Bounds;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll herd}: {@link EpollHerd} as a table and a bar chart of wakeups per connection. */
@Command(name = "herd", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
        description = {
            "The thundering herd: --waiters processes wait for connections on one listening socket, in accept "
                + "(accept), in epoll_wait on an epoll instance each (epoll), the same with EPOLLEXCLUSIVE "
                + "(epoll-exclusive), or in accept on a socket each bound with SO_REUSEPORT (reuseport).",
            "Wakeups: for each connection, the waiters whose voluntary context switches (/proc/PID/status) went "
                + "up, not those that returned: a waiter woken for nothing goes back to sleep inside epoll_wait."})
final class HerdCommand extends ExperimentCommand {
    @ParentCommand
    EpollMagic parent;

    @Option(names = "--waiters", paramLabel = "W",
            description = "Waiting processes, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int waiters;

    @Option(names = "--modes", split = ",", paramLabel = "MODE",
            description = "Modes: accept, epoll, epoll-exclusive, reuseport (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--connections", paramLabel = "N",
            description = "Connections made, one at a time, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int connections;

    HerdCommand() {
        super(EpollHerd.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        Bounds.check("epoll herd", "--waiters", waiters, 1, 64);
        Bounds.check("epoll herd", "--connections", connections, 1, 10_000);
        EpollHerd.Params p = MagicRunner.params(
            () -> new EpollHerd.Params(waiters, modes.stream().map(EpollHerd.Mode::parse).toList(), connections));
        Table t = EpollHerd.run(p, parent.monitor("epoll herd", p.steps()));
        return List.of(t, Charts.bars(t, "mode", "wakeups per connection", null));
    }
}
