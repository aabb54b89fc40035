package syslab.magic.pipe;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeCapacity;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %pipe capacity}: {@link PipeCapacity} as a table and a bar chart. */
@Command(name = "capacity",
    description = """
        Fills pipes with non-blocking writes until EAGAIN: a new pipe, then one per size given to \
        F_SETPIPE_SZ; beside F_GETPIPE_SZ.""")
final class PipeCapacityCommand extends ExperimentCommand<PipeCapacity.Params> {
    @Override
    protected List<?> run(PipeCapacity.Params p) {
        Table t = PipeCapacity.run(p);
        return List.of(t, Charts.bars(t, "pipe", "bytes until EAGAIN", null));
    }
}
