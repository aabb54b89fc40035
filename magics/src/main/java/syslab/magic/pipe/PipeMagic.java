package syslab.magic.pipe;

import syslab.magic.ipc.Subcommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import syslab.display.Progress;
import syslab.experiments.ipc.Monitor;
import syslab.magic.Magic;

/** {@code %pipe SUBCOMMAND}: pipes measured, each subcommand a table and a chart. */
@Command(name = "pipe", mixinStandardHelpOptions = true,
    description = "Pipes measured between the kernel's JVM and forked children: capacity, throughput, latency, blocking.",
    subcommands = {PipeCapacityCommand.class, PipeThroughputCommand.class, PipeLatencyCommand.class, PipeBlockingCommand.class})
public class PipeMagic extends Magic {
    @Spec
    CommandSpec spec;

    @Override
    public Object call() throws Exception {
        return Subcommands.call(spec);
    }

    /** A progress bar of {@code total} measurements that stops when the cell is interrupted. */
    Monitor monitor(String label, int total) {
        return Monitor.of(label, new Progress(context.display(), label, total), context::interrupted);
    }
}
