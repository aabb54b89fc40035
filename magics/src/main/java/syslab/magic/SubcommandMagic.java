package syslab.magic;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import syslab.display.Progress;
import syslab.experiments.common.Monitor;

import java.util.concurrent.Callable;

/**
 * A magic whose work is done by its subcommands ({@code %epoll compare}, {@code %pipe capacity}):
 * picocli parses the subcommand's options, this runs it. A subcommand reaches the running cell
 * through its {@code @ParentCommand}: {@link #context()}, {@link #monitor}.
 */
public abstract class SubcommandMagic extends Magic {
    @Spec
    CommandSpec spec;

    @Override
    public final Object call() throws Exception {
        ParseResult sub = spec.commandLine().getParseResult().subcommand();
        if (sub == null) {
            throw new MagicException(spec.name() + ": name a subcommand: " + String.join(", ", spec.subcommands().keySet())
                + "\n\n" + spec.commandLine().getUsageMessage());
        }
        return ((Callable<?>) sub.commandSpec().userObject()).call();
    }

    public MagicContext context() {
        return context;
    }

    /** A progress bar of {@code steps} measurements that stops the experiment when the cell is interrupted. */
    public Monitor monitor(String label, int steps) {
        return Monitor.of(label, new Progress(context.display(), label, steps), context::interrupted);
    }
}
