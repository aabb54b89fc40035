package syslab.magic.pipe;

import picocli.CommandLine.Command;
import syslab.magic.SubcommandMagic;

/** {@code %pipe SUBCOMMAND}: pipes measured, each subcommand a table and a chart. */
@Command(name = "pipe", mixinStandardHelpOptions = true,
    description = "Pipes measured between the kernel's JVM and forked children: capacity, throughput, latency, blocking.",
    subcommands = {PipeCapacityCommand.class, PipeThroughputCommand.class, PipeLatencyCommand.class, PipeBlockingCommand.class})
public class PipeMagic extends SubcommandMagic {
}
