package syslab.magic.epoll;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.io.EpollCompare;
import syslab.magic.Bounds;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll compare}: {@link EpollCompare} as a table and a log-log chart. */
@Command(name = "compare", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
        description = {
            "The cost of one wait call (select, poll, epoll_wait) against the number of idle connected "
                + "sockets it watches, with --active sockets made readable each round: median and p90 "
                + "over the rounds, as a table and a log-log chart.",
            "Idle sockets are AF_UNIX socketpairs whose other ends live in child processes. select "
                + "refuses a set holding an fd >= FD_SETSIZE (1024) with a row that says so."})
final class CompareCommand extends ExperimentCommand {
    @ParentCommand
    EpollMagic parent;

    @Option(names = "--fds", split = ",", paramLabel = "N",
            description = "Idle fd counts to sweep, each 0 to 100000, at most 20 (default: ${DEFAULT-VALUE}).")
    List<Integer> fds;

    @Option(names = "--active", paramLabel = "K",
            description = "Fds made readable each round, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int active;

    @Option(names = "--rounds", paramLabel = "R",
            description = "Timed calls per method and size, 1 to 1000000, after 10%% untimed warm-up calls (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--methods", split = ",", paramLabel = "M",
            description = "Wait calls to measure: select, poll, epoll (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--placement", paramLabel = "WHERE",
            description = "Where the ready fds sit in the set: last (highest fds, end of poll's array) or first "
                + "(default: ${DEFAULT-VALUE}). poll and select cost less when a ready fd comes first.")
    String placement;

    CompareCommand() {
        super(EpollCompare.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        Bounds.each("epoll compare", "--fds", fds, 0, 100_000, 20);
        Bounds.check("epoll compare", "--active", active, 1, 1000);
        Bounds.check("epoll compare", "--rounds", rounds, 1, EpollCompare.MAX_ROUNDS);
        EpollCompare.Params p = MagicRunner.params(() -> new EpollCompare.Params(fds, active, rounds,
            methods.stream().map(EpollCompare.WaitCall::parse).toList(), EpollCompare.ReadyAt.parse(placement)));
        Table t = EpollCompare.run(p, parent.monitor("epoll compare", p.steps()));
        Table measured = t.where(t.doubleColumn("median µs").isNotMissing().and(t.intColumn("idle fds").isGreaterThan(0)));
        return measured.isEmpty() ? List.of(t) : List.of(t, Charts.line(measured, "idle fds", "median µs", "method", true));
    }
}
