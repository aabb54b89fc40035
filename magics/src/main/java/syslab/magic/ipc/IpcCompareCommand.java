package syslab.magic.ipc;

import picocli.CommandLine.Command;
import syslab.chart.Charts;
import syslab.experiments.ipc.IpcCompare;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

@Command(name = "compare", description = """
        One-way bandwidth and one-byte round-trip latency of IPC methods between two processes, for each \
        placement of the two. shm is a MAP_SHARED ring synchronised with process-shared semaphores; \
        signal is SIGUSR1 between two single-threaded forked children (latency only).""")
final class IpcCompareCommand extends ExperimentCommand<IpcCompare.Params> {
    @Override
    protected List<?> run(IpcCompare.Params p) {
        IpcCompare.Result r = IpcCompare.run(p, monitor(p.steps()));
        return List.of(r.bandwidth(), bandwidthChart(r.bandwidth(), p.sizes().size()), r.latency(),
            Charts.bars(r.latency(), "method", "round trip median µs", "placement"));
    }

    /** Bars per method; one series per placement, or per placement and size when there are several sizes. */
    private static Table chartable(Table bandwidth, int sizes) {
        if (sizes == 1) return bandwidth;
        StringColumn series = StringColumn.create("series");
        for (int i = 0; i < bandwidth.rowCount(); i++) {
            series.append(bandwidth.stringColumn("placement").get(i) + ", " + bandwidth.intColumn("chunk bytes").get(i) + " B");
        }
        return bandwidth.copy().addColumns(series);
    }

    private static Object bandwidthChart(Table bandwidth, int sizes) {
        return Charts.bars(chartable(bandwidth, sizes), "method", "MB/s median", sizes == 1 ? "placement" : "series");
    }
}
