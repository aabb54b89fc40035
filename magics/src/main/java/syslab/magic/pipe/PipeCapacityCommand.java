package syslab.magic.pipe;

import syslab.magic.ipc.Converters;
import syslab.magic.ipc.Limits;
import syslab.magic.Bounds;
import syslab.magic.MagicRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeCapacity;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "capacity", mixinStandardHelpOptions = true,
    description = "Fills pipes with non-blocking writes until EAGAIN: a new pipe, then one per size given to F_SETPIPE_SZ; "
        + "beside F_GETPIPE_SZ.")
class PipeCapacityCommand implements Callable<Object> {
    @Option(names = "--sizes", split = ",", converter = Converters.Size.class, paramLabel = "BYTES",
        description = "Sizes to ask F_SETPIPE_SZ for, each 1 to 1G, at most 20 (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes = PipeCapacity.Params.defaults().sizes();

    @Override
    public Object call() throws Exception {
        Bounds.each("pipe capacity", "--sizes", sizes, 1, 1 << 30, Limits.VALUES);
        Table t = PipeCapacity.run(MagicRunner.params(() -> new PipeCapacity.Params(sizes)));
        return List.of(t, Charts.bars(t, "pipe", "bytes until EAGAIN", null));
    }
}
