package syslab.magic.pipe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeLatency;
import syslab.experiments.ipc.Placement;
import syslab.magic.Bounds;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import syslab.magic.ipc.Converters;
import syslab.magic.ipc.Limits;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "latency", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
    description = "One-byte ping-pong over two pipes between the parent and a forked child: the round trip, for each "
        + "placement; pinned to one CPU it is two process switches.")
class PipeLatencyCommand implements Callable<Object>, ParamsDefaults.Source {
    @ParentCommand
    PipeMagic parent;

    @Option(names = "--round-trips", description = "Round trips per repetition, 1 to 10000000 (default: ${DEFAULT-VALUE}).")
    int roundTrips;

    @Option(names = {"-r", "--repetitions"}, description = "Timed repetitions per placement, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--placements", split = ",", converter = Converters.PlacementLabel.class,
        description = "Any of one-cpu, two-cpus, free (default: ${DEFAULT-VALUE}).")
    List<Placement> placements;

    @Override
    public Record defaults() {
        return PipeLatency.Params.defaults();
    }

    @Override
    public Object call() throws Exception {
        Bounds.check("pipe latency", "--round-trips", roundTrips, 1, Limits.ROUND_TRIPS);
        Bounds.check("pipe latency", "-r", repetitions, 1, Limits.REPETITIONS);
        PipeLatency.Params p = MagicRunner.params(() -> new PipeLatency.Params(roundTrips, repetitions, placements));
        Table t = PipeLatency.run(p, parent.monitor("pipe latency", p.steps()));
        return List.of(t, Charts.bars(t, "placement", "round trip median µs", null));
    }
}
