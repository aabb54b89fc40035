package syslab.magic.epoll;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import syslab.chart.Charts;
import syslab.experiments.io.EpollTriggerModes;
import syslab.magic.Bounds;
import syslab.magic.ExperimentCommand;
import syslab.magic.MagicRunner;
import syslab.magic.ParamsDefaults;
import tech.tablesaw.api.Table;

import java.util.List;

/** {@code %epoll triggers}: {@link EpollTriggerModes} as a table and two bar charts. */
@Command(name = "triggers", mixinStandardHelpOptions = true, defaultValueProvider = ParamsDefaults.class,
        description = {
            "Level- vs edge-triggered epoll when the reader reads only part of what is there: a writer "
                + "sends chunks; after each, the reader's event loop reads --read-bytes per wakeup (lt, et) "
                + "or reads until EAGAIN (et-drain). Counts wakeups and the bytes left unread."})
final class TriggersCommand extends ExperimentCommand {
    @Option(names = "--chunks", paramLabel = "N",
            description = "Chunks written, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--chunk-bytes", paramLabel = "BYTES",
            description = "Bytes per chunk, 1 to 65536 (default: ${DEFAULT-VALUE}).")
    int chunkBytes;

    @Option(names = "--read-bytes", paramLabel = "BYTES",
            description = "Bytes asked for by one read, 1 to 65536 (default: ${DEFAULT-VALUE}).")
    int readBytes;

    @Option(names = "--modes", split = ",", paramLabel = "MODE",
            description = "Trigger modes: lt, et, et-drain (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    TriggersCommand() {
        super(EpollTriggerModes.Params::defaults);
    }

    @Override
    public Object call() throws Exception {
        Bounds.check("epoll triggers", "--chunks", chunks, 1, 100_000);
        Bounds.check("epoll triggers", "--chunk-bytes", chunkBytes, 1, 65536);
        Bounds.check("epoll triggers", "--read-bytes", readBytes, 1, 65536);
        Table t = EpollTriggerModes.run(MagicRunner.params(() -> new EpollTriggerModes.Params(chunks, chunkBytes, readBytes,
            modes.stream().map(EpollTriggerModes.Mode::parse).toList())));
        return List.of(t, Charts.bars(t, "mode", "wakeups", null), Charts.bars(t, "mode", "bytes left unread", null));
    }
}
