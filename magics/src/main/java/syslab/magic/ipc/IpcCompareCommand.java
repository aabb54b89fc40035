package syslab.magic.ipc;

import picocli.CommandLine.Command;
import syslab.chart.BesideC;
import syslab.chart.Charts;
import syslab.experiments.ipc.IpcCompare;
import syslab.magic.ExperimentCommand;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

@Command(name = "compare", description = """
        One-way bandwidth and one-byte round-trip latency of IPC methods between two processes, for each \
        placement of the two. shm is a MAP_SHARED ring synchronised with process-shared semaphores; \
        signal is SIGUSR1 between two single-threaded forked children (latency only).%n\
        --with-c runs the same measurements in C too: its columns are the kernel's cost, Java / C what the \
        JVM's path adds.""")
final class IpcCompareCommand extends ExperimentCommand<IpcCompare.Params> {
    @Override
    protected List<?> run(IpcCompare.Params p) {
        IpcCompare.Result r = IpcCompare.run(p, monitor(p.steps()));
        String series = p.sizes().size() == 1 ? "placement" : "series";
        return List.of(r.bandwidth(), bars(chartable(r.bandwidth(), p.sizes().size()), "MB/s median", series, p.withC()),
            r.latency(), bars(r.latency(), "round trip median µs", "placement", p.withC()));
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

    /** Bars per method and series; with C, a bar for C beside each of Java's. */
    private static Object bars(Table t, String valueCol, String seriesCol, boolean withC) {
        return Charts.bars(withC ? BesideC.stacked(t, "method", valueCol, seriesCol) : t, "method", valueCol, seriesCol);
    }
}
