package syslab.magic.pipe;

import syslab.magic.Bounds;
import syslab.magic.MagicRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import syslab.chart.Charts;
import syslab.experiments.ipc.PipeBlocking;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "blocking", mixinStandardHelpOptions = true,
    description = "Blocking pipe IO with timestamps: a reader waits for a writer, read returns 0 at the last close, "
        + "a writer waits on a full pipe until a page is free.")
class PipeBlockingCommand implements Callable<Object> {
    @Option(names = "--delay-ms", description = "The parent's pause before each step, 0 to 10000 ms (default: ${DEFAULT-VALUE}).")
    int delayMillis = PipeBlocking.Params.defaults().delayMillis();

    @Override
    public Object call() throws Exception {
        Bounds.check("pipe blocking", "--delay-ms", delayMillis, 0, 10_000);
        PipeBlocking.Result r = PipeBlocking.run(MagicRunner.params(() -> new PipeBlocking.Params(delayMillis)));
        return List.of(r.timeline(), r.waits(), Charts.bars(r.waits(), "call", "blocked ms", null));
    }
}
