package syslab.magic.epoll;

import picocli.CommandLine.Command;
import syslab.magic.SubcommandMagic;

/**
 * {@code %epoll compare|triggers|server|herd}: the IO-model experiments of {@code syslab.experiments.io},
 * each a subcommand that runs one experiment and shows its table and chart.
 */
@Command(name = "epoll", mixinStandardHelpOptions = true,
        subcommands = {CompareCommand.class, TriggersCommand.class, ServerCommand.class, HerdCommand.class},
        description = {
            "IO multiplexing experiments on this machine: select, poll and epoll compared; epoll's trigger "
                + "modes; echo servers per IO model; the thundering herd.",
            "%%epoll SUBCOMMAND --help explains each."})
public class EpollMagic extends SubcommandMagic {
}
