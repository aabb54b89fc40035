package syslab.magic.pipe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeThroughput;
import syslab.experiments.ipc.Placement;
import syslab.magic.Bounds;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import syslab.magic.ipc.Converters;
import syslab.magic.ipc.Limits;
import tech.tablesaw.api.Table;

import java.util.List;

@Command(name = "throughput", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
    description = "The parent writes, a forked child reads: MB/s per chunk size, median and 10th percentile of the repetitions.")
class PipeThroughputCommand extends ExperimentCommand {
    @ParentCommand
    PipeMagic parent;

    @Option(names = "--chunks", split = ",", converter = Converters.Size.class, paramLabel = "BYTES",
        description = "Write and read sizes, each 1 to 16M, at most 20 (default: ${DEFAULT-VALUE}).")
    List<Integer> chunks;

    @Option(names = "--bytes", converter = Converters.Bytes.class, paramLabel = "BYTES",
        description = "Bytes per repetition, 1 to 1T, e.g. 256M (default: ${DEFAULT-VALUE}).")
    long bytes;

    @Option(names = {"-r", "--repetitions"}, description = "Timed repetitions per chunk size, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--placement", converter = Converters.PlacementLabel.class,
        description = "one-cpu, two-cpus or free (default: ${DEFAULT-VALUE}).")
    Placement placement;

    PipeThroughputCommand() {
        super(PipeThroughput.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        Bounds.each("pipe throughput", "--chunks", chunks, 1, Limits.CHUNK, Limits.VALUES);
        Bounds.check("pipe throughput", "--bytes", bytes, 1, Limits.BYTES);
        Bounds.check("pipe throughput", "-r", repetitions, 1, Limits.REPETITIONS);
        PipeThroughput.Params p = MagicRunner.params(() -> new PipeThroughput.Params(chunks, bytes, repetitions, placement));
        Table t = PipeThroughput.run(p, parent.monitor("pipe throughput", p.steps()));
        return List.of(t, Charts.line(t, "chunk bytes", "MB/s median", null, true));
    }
}
