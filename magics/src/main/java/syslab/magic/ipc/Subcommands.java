package syslab.magic.ipc;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import syslab.magic.MagicException;

import java.util.concurrent.Callable;

/** Runs the subcommand picocli parsed under a magic with subcommands ({@code %pipe capacity}). */
public final class Subcommands {
    private Subcommands() { }

    public static Object call(CommandSpec spec) throws Exception {
        ParseResult sub = spec.commandLine().getParseResult().subcommand();
        if (sub == null) {
            throw new MagicException(spec.name() + ": name a subcommand: " + String.join(", ", spec.subcommands().keySet())
                + "\n\n" + spec.commandLine().getUsageMessage());
        }
        return ((Callable<?>) sub.commandSpec().userObject()).call();
    }
}
