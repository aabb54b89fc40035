package syslab.magic;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import syslab.experiments.common.Param;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every experiment subcommand of every registered magic, its options made from its Params. */
class ExperimentOptionsTest {
    private static List<CommandLine> experimentCommands() {
        List<CommandLine> commands = new ArrayList<>();
        for (Magic magic : ServiceLoader.load(Magic.class)) {
            for (CommandLine sub : new CommandLine(magic).getSubcommands().values()) {
                if (sub.getCommand() instanceof ExperimentCommand<?>) commands.add(sub);
            }
        }
        return commands;
    }

    /** Parsed as the kernel does, through the magic: "epoll compare --fds=10". */
    private static void parse(CommandLine sub, String... args) {
        List<String> words = new ArrayList<>(List.of(sub.getCommandName()));
        words.addAll(List.of(args));
        sub.getParent().parseArgs(words.toArray(String[]::new));
    }

    @Test
    void theMagicsHaveExperimentCommands() {
        List<String> names = experimentCommands().stream().map(c -> c.getCommandSpec().qualifiedName()).sorted().toList();
        assertEquals(List.of("epoll compare", "epoll herd", "epoll server", "epoll triggers", "ipc compare",
            "pipe blocking", "pipe capacity", "pipe latency", "pipe throughput"), names);
    }

    /** An option per parameter, and no options given is the experiment's Params.defaults() exactly. */
    @Test
    void noOptionsIsTheExperimentsDefaults() throws Exception {
        for (CommandLine sub : experimentCommands()) {
            ExperimentCommand<?> command = sub.getCommand();
            Record defaults = command.defaults();
            assertEquals(defaults.getClass().getRecordComponents().length + 2, sub.getCommandSpec().options().size(),
                sub.getCommandName() + ": an option per parameter, and --help and --version");
            parse(sub);
            assertEquals(defaults, ExperimentOptions.params(sub.getCommandSpec(), defaults.getClass()));
        }
    }

    /** Just past each range is a usage error that names the subcommand and the option. */
    @Test
    void eachRangeIsChecked() {
        int ranges = 0;
        for (CommandLine sub : experimentCommands()) {
            CommandSpec spec = sub.getCommandSpec();
            Record defaults = ((ExperimentCommand<?>) sub.getCommand()).defaults();
            for (RecordComponent c : defaults.getClass().getRecordComponents()) {
                Param param = c.getAnnotation(Param.class);
                if (Double.isNaN(param.max())) continue;
                String name = param.names().length > 0 ? param.names()[0] : spec.options().stream()
                    .filter(o -> o.longestName().replace("-", "").equalsIgnoreCase(c.getName())).map(OptionSpec::longestName)
                    .findFirst().orElseThrow();
                double over = c.getType() == double.class ? param.max() * 2 : param.max() + 1;
                String value = c.getType() == double.class ? String.valueOf(over) : String.valueOf((long) over);
                parse(sub, name + "=" + value);
                MagicException e = assertThrows(MagicException.class, () -> ExperimentOptions.params(spec, defaults.getClass()),
                    spec.qualifiedName() + " " + name + "=" + value);
                assertTrue(e.getMessage().startsWith(spec.qualifiedName() + ": " + name + " must be between "), e.getMessage());
                ranges++;
            }
        }
        assertTrue(ranges >= 20, "ranges checked: " + ranges);
    }

    /** Help says each option's range or choices and default, and picocli finds nothing to complain about. */
    @Test
    void helpShowsEveryDefault() throws Exception {
        for (CommandLine sub : experimentCommands()) {
            String help = sub.getUsageMessage();
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) continue;
                String description = String.join(" ", option.description());
                if (option.type() == boolean.class) {
                    assertEquals("false", option.defaultValue(), option.longestName() + " is off unless given");
                    assertEquals(0, option.arity().max(), option.longestName() + " is a flag");
                    continue;
                }
                assertTrue(description.contains("(default: " + option.defaultValue() + ")"), description);
                assertTrue(description.matches(".*(\\d to \\d|any of|one of).*"), description);
            }
            assertFalse(help.contains("${DEFAULT-VALUE}"), help);
        }
    }
}
