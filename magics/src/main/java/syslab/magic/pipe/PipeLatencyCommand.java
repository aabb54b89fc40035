package syslab.magic.pipe;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeLatency;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %pipe latency}: {@link PipeLatency} as a table and a bar chart. */
@Command(name = "latency",
    description = """
        One-byte ping-pong over two pipes between the parent and a forked child: the round trip, for \
        each placement; pinned to one CPU it is two process switches.""")
final class PipeLatencyCommand extends ExperimentCommand<PipeLatency.Params> {
    @Override
    protected List<?> run(PipeLatency.Params p) {
        Table t = PipeLatency.run(p, monitor(p.steps()));
        return List.of(t, Charts.bars(t, "placement", "round trip median µs", null));
    }
}
