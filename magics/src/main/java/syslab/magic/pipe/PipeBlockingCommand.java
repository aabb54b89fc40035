package syslab.magic.pipe;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeBlocking;
import syslab.magic.ExperimentCommand;

import java.util.List;

/** {@code %pipe blocking}: {@link PipeBlocking}'s timeline, its waits, and a bar chart of them. */
@Command(name = "blocking",
    description = """
        Blocking pipe IO with timestamps: a reader waits for a writer, read returns 0 at the last close, \
        a writer waits on a full pipe until a page is free.""")
final class PipeBlockingCommand extends ExperimentCommand<PipeBlocking.Params> {
    @Override
    protected List<?> run(PipeBlocking.Params p) {
        PipeBlocking.Result r = PipeBlocking.run(p);
        return List.of(r.timeline(), r.waits(), Charts.bars(r.waits(), "call", "blocked ms", null));
    }
}
