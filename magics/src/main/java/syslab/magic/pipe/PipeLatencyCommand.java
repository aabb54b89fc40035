package syslab.magic.pipe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeLatency;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import syslab.magic.ipc.LatencyOptions;
import tech.tablesaw.api.Table;

import java.util.List;

@Command(name = "latency", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
    description = "One-byte ping-pong over two pipes between the parent and a forked child: the round trip, for each "
        + "placement; pinned to one CPU it is two process switches.")
class PipeLatencyCommand extends ExperimentCommand {
    @ParentCommand
    PipeMagic parent;

    @Mixin
    LatencyOptions latency;

    PipeLatencyCommand() {
        super(PipeLatency.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        latency.check("pipe latency");
        PipeLatency.Params p = MagicRunner.params(() -> new PipeLatency.Params(latency.roundTrips, latency.repetitions, latency.placements));
        Table t = PipeLatency.run(p, parent.monitor("pipe latency", p.steps()));
        return List.of(t, Charts.bars(t, "placement", "round trip median µs", null));
    }
}
