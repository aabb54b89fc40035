package syslab.magic.ipc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import syslab.chart.Charts;
import syslab.experiments.ipc.IpcCompare;
import syslab.experiments.ipc.Method;
import syslab.magic.Bounds;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

@Command(name = "compare", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
    description = {"One-way bandwidth and one-byte round-trip latency of IPC methods between two processes, for each "
        + "placement of the two. shm is a MAP_SHARED ring synchronised with process-shared semaphores; signal is SIGUSR1 "
        + "between two single-threaded forked children (latency only)."})
class IpcCompareCommand extends ExperimentCommand {
    @ParentCommand
    IpcMagic parent;

    @Option(names = "--methods", split = ",", converter = Converters.MethodLabel.class,
        description = "Any of pipe, fifo, socketpair, tcp-loopback, shm, signal (default: ${DEFAULT-VALUE}).")
    List<Method> methods;

    @Option(names = "--sizes", split = ",", converter = Converters.Size.class, paramLabel = "BYTES",
        description = "Chunk sizes for bandwidth, each 1 to 16M, at most 20 (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--bytes", converter = Converters.Bytes.class, paramLabel = "BYTES",
        description = "Bytes per bandwidth repetition, 1 to 1T (default: ${DEFAULT-VALUE}).")
    long bytes;

    @Mixin
    LatencyOptions latency;

    IpcCompareCommand() {
        super(IpcCompare.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        Bounds.each("ipc compare", "--sizes", sizes, 1, Limits.CHUNK, Limits.VALUES);
        Bounds.check("ipc compare", "--bytes", bytes, 1, Limits.BYTES);
        latency.check("ipc compare");
        IpcCompare.Params p = MagicRunner.params(
            () -> new IpcCompare.Params(methods, sizes, bytes, latency.roundTrips, latency.repetitions, latency.placements));
        IpcCompare.Result r = IpcCompare.run(p, parent.monitor("ipc compare", p.steps()));
        return List.of(r.bandwidth(), bandwidthChart(r.bandwidth()), r.latency(),
            Charts.bars(r.latency(), "method", "round trip median µs", "placement"));
    }

    /** Bars per method; one series per placement, or per placement and size when there are several sizes. */
    private Table chartable(Table bandwidth) {
        if (sizes.size() == 1) return bandwidth;
        StringColumn series = StringColumn.create("series");
        for (int i = 0; i < bandwidth.rowCount(); i++) {
            series.append(bandwidth.stringColumn("placement").get(i) + ", " + bandwidth.intColumn("chunk bytes").get(i) + " B");
        }
        return bandwidth.copy().addColumns(series);
    }

    private Object bandwidthChart(Table bandwidth) {
        return Charts.bars(chartable(bandwidth), "method", "MB/s median", sizes.size() == 1 ? "placement" : "series");
    }
}
