package syslab.magic.epoll;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import syslab.magic.Magic;
import syslab.magic.MagicContext;
import syslab.magic.MagicException;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.Supplier;

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
public class EpollMagic extends Magic {
    @Spec
    CommandSpec spec;

    @Override
    public Object call() throws Exception {
        ParseResult sub = spec.commandLine().getParseResult().subcommand();
        if (sub == null) {
            throw new MagicException("epoll: name a subcommand: "
                + String.join(", ", spec.subcommands().keySet()) + "\n\n" + spec.commandLine().getUsageMessage());
        }
        return ((Callable<?>) sub.commandSpec().userObject()).call();
    }

    MagicContext context() {
        return context;
    }

    /**
     * Runs a subcommand's experiment with the user's words turned into its params: bad params and an
     * interrupt become a {@link MagicException} naming the subcommand (the experiment has closed its
     * fds and ended its children by then).
     */
    static <P> List<Object> run(String subcommand, Supplier<P> params, Function<P, List<Object>> experiment) {
        P p;
        try {
            p = params.get();
        } catch (IllegalArgumentException e) {
            throw new MagicException("epoll " + subcommand + ": " + e.getMessage());
        }
        try {
            return experiment.apply(p);
        } catch (CancellationException e) {
            throw new MagicException("epoll " + subcommand + ": interrupted");
        }
    }
}
