package syslab.magic.epoll;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.io.EpollTriggerModes;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll triggers}: {@link EpollTriggerModes} as a table and two bar charts. */
@Command(name = "triggers", description = """
        Level- vs edge-triggered epoll when the reader reads only part of what is there: a writer sends \
        chunks; after each, the reader's event loop reads --read-bytes per wakeup (lt, et) or reads \
        until EAGAIN (et-drain). Counts wakeups and the bytes left unread.""")
final class TriggersCommand extends ExperimentCommand<EpollTriggerModes.Params> {
    @Override
    protected List<?> run(EpollTriggerModes.Params p) {
        Table t = EpollTriggerModes.run(p);
        return List.of(t, Charts.bars(t, "mode", "wakeups", null), Charts.bars(t, "mode", "bytes left unread", null));
    }
}
