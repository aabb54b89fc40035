package syslab.magic;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs one magic: splits its argument line shell-style ({@link ShellWords}), parses the words
 * into the magic's picocli options, binds the context and cell body, and calls it. The kernel and
 * the tests both go through here, so a magic behaves the same in a notebook and in JUnit.
 * Use a fresh magic instance per run: picocli writes the options into its fields.
 * Every magic ends the same way on an interrupt and on params its experiment refuses: with a
 * {@link MagicException} naming the magic and subcommand ("pipe throughput: interrupted").
 */
public final class MagicRunner {
    private MagicRunner() { }

    /** The magic's name as typed after {@code %} or {@code %%}: its picocli command name. */
    public static String name(Magic magic) {
        return command(magic).getCommandName();
    }

    /**
     * Runs {@code magic} and returns what it returns (what the kernel displays), or null after
     * printing the usage for {@code --help}. {@code body} is null for the line form
     * ({@code %name args}) and the cell below the first line for the cell form.
     *
     * @throws MagicException for a form the magic does not have, words that do not split,
     *     options picocli rejects (the message then ends with the usage), params the experiment
     *     refuses ({@link #params}), or an experiment stopped because the cell was interrupted
     */
    public static Object run(Magic magic, String argLine, String body, MagicContext context) throws Exception {
        CommandLine cmd = command(magic);
        String name = cmd.getCommandName();
        if (body == null && !magic.line()) {
            throw new MagicException("%" + name + " is a cell magic: write %%" + name + " on the cell's first line");
        }
        if (body != null && !magic.cell()) {
            throw new MagicException("%%" + name + " is a line magic: write %" + name + " ARGS on one line");
        }
        boolean takesCode = magic instanceof CodeMagic;
        List<ShellWords.Word> words;
        try {
            words = ShellWords.words(argLine, takesCode);
        } catch (IllegalArgumentException e) {
            throw new MagicException(name + ": " + e.getMessage());
        }
        ParseResult parsed;
        try {
            parsed = cmd.parseArgs(words.stream().map(ShellWords.Word::text).toArray(String[]::new));
        } catch (ParameterException e) {
            throw new MagicException(name + ": " + e.getMessage() + "\n\n" + cmd.getUsageMessage());
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return null;
        }
        if (takesCode) {
            ((CodeMagic) magic).code(code(argLine, words, cmd));
        }
        magic.bind(context, body);
        try {
            return magic.call();
        } catch (CancellationException e) {
            // experiments stop this way once context.interrupted(); otherwise it is the code's own failure
            if (!context.interrupted()) throw e;
            throw new MagicException(commandName(parsed) + ": interrupted", e);
        } catch (Refused e) {
            throw new MagicException(commandName(parsed) + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Builds an experiment's params from a magic's options: what the experiment refuses there
     * (an IllegalArgumentException: an unknown mode, a size it cannot take) is the user's error,
     * which {@link #run} shows as "NAME SUBCOMMAND: message".
     */
    public static <P> P params(Callable<P> params) throws Exception {
        try {
            return params.call();
        } catch (IllegalArgumentException e) {
            throw new Refused(e);
        }
    }

    private static final class Refused extends RuntimeException {
        Refused(IllegalArgumentException cause) {
            super(cause);
        }
    }

    /** "epoll compare": the magic and the subcommand that ran. */
    private static String commandName(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.subcommand() != null) last = last.subcommand();
        return last.commandSpec().qualifiedName();
    }

    private static CommandLine command(Magic magic) {
        CommandLine cmd = new CommandLine(magic);
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cmd.setExpandAtFiles(false);  // "@x" is an argument (Java annotations, file names), not an @-file
        if (magic instanceof CodeMagic) {
            cmd.setStopAtPositional(true);  // everything from the first positional word on is code
        }
        return cmd;
    }

    /** The line from the first positional word on, exactly as typed. */
    private static String code(String argLine, List<ShellWords.Word> words, CommandLine cmd) {
        int positional = 0;
        for (PositionalParamSpec spec : cmd.getCommandSpec().positionalParameters()) {
            positional += spec.stringValues().size();
        }
        if (positional == 0) {
            return "";
        }
        return argLine.substring(words.get(words.size() - positional).start()).strip();
    }
}
