package syslab.magic.epoll;

import picocli.CommandLine.Command;
import syslab.chart.BesideC;
import syslab.chart.Charts;
import syslab.experiments.io.EpollCompare;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll compare}: {@link EpollCompare} as a table and a log-log chart. */
@Command(name = "compare", description = """
        The cost of one wait call (select, poll, epoll_wait) against the number of idle connected \
        sockets it watches, with --active sockets made readable each round: median and p90 over the \
        rounds, as a table and a log-log chart.%n\
        Idle sockets are AF_UNIX socketpairs whose other ends live in child processes. select refuses a \
        set holding an fd >= FD_SETSIZE (1024) with a row that says so.%n\
        --with-c runs the same measurement in C too: its columns are the kernel's cost, Java / C what the \
        JVM's path adds.""")
final class CompareCommand extends ExperimentCommand<EpollCompare.Params> {
    @Override
    protected List<?> run(EpollCompare.Params p) {
        Table t = EpollCompare.run(p, monitor(p.steps()));
        Table plotted = p.withC() ? BesideC.stacked(t, "idle fds", "median µs", "method") : t;
        Table measured = plotted.where(plotted.doubleColumn("median µs").isNotMissing().and(plotted.intColumn("idle fds").isGreaterThan(0)));
        return measured.isEmpty() ? List.of(t) : List.of(t, Charts.line(measured, "idle fds", "median µs", "method", true));
    }
}
