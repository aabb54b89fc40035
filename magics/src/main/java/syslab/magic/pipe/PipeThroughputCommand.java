package syslab.magic.pipe;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeThroughput;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %pipe throughput}: {@link PipeThroughput} as a table and a log-log chart. */
@Command(name = "throughput",
    description = """
        The parent writes, a forked child reads: MB/s per chunk size, median and 10th percentile of the \
        repetitions.""")
final class PipeThroughputCommand extends ExperimentCommand<PipeThroughput.Params> {
    @Override
    protected List<?> run(PipeThroughput.Params p) {
        Table t = PipeThroughput.run(p, monitor(p.steps()));
        return List.of(t, Charts.line(t, "chunk bytes", "MB/s median", null, true));
    }
}
