package syslab.magic.builtin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.magic.Magic;
import syslab.magic.MagicException;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** {@code %env}: IPython's environment magic, on the C library's environment. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {
            "%%env             lists every variable (a table); the values of names with",
            "                 KEY, TOKEN, SECRET or PASS in them show as <hidden>.",
            "%%env NAME        prints NAME's value.",
            "%%env NAME=VALUE  sets NAME (or %%env NAME VALUE); quote a VALUE with blanks.",
            "%%env -u NAME     unsets NAME.",
            "",
            "The environment changed is the C library's (setenv(3)): processes the kernel starts "
                + "afterwards (%%%%bash, ProcessBuilder, fork) inherit it and native code reads it. Java "
                + "cannot change its own copy: System.getenv() keeps the values from the kernel's start, "
                + "and a ProcessBuilder whose environment() you called starts from that old copy.",
            "No $VAR expansion is done in VALUE."})
public class Env extends Magic {
    private static final List<String> SECRET_HINTS = List.of("KEY", "TOKEN", "SECRET", "PASS");

    @Option(names = {"-u", "--unset"}, paramLabel = "NAME", description = "Unset NAME.")
    String unset;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME[=VALUE]", description = "The variable, or NAME=VALUE.")
    String first;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value to set NAME to.")
    String second;

    @Override
    public Object call() {
        if (unset != null) {
            if (first != null) {
                throw new MagicException("env: -u takes only the NAME to unset");
            }
            Environ.unset(checkedName(unset));
            System.out.println("env: unset " + unset);
            return null;
        }
        if (first == null) {
            return table(Environ.all());
        }
        int eq = first.indexOf('=');
        if (second != null && eq >= 0) {
            throw new MagicException("env: write NAME=VALUE or NAME VALUE; quote a VALUE with blanks");
        }
        if (second == null && eq < 0) {
            String value = Environ.get(checkedName(first));
            if (value == null) {
                throw new MagicException("env: " + first + " is not set");
            }
            System.out.println(value);
            return null;
        }
        String name = checkedName(eq >= 0 ? first.substring(0, eq) : first);
        String value = eq >= 0 ? first.substring(eq + 1) : second;
        Environ.set(name, value);
        System.out.println("env: " + name + "=" + value);
        return null;
    }

    /** setenv(3) fails with a bare EINVAL for these; say why instead. */
    private static String checkedName(String name) {
        if (name.isEmpty() || name.contains("=")) {
            throw new MagicException("env: bad variable name '" + name + "'");
        }
        return name;
    }

    private static Table table(Map<String, String> variables) {
        StringColumn names = StringColumn.create("name");
        StringColumn values = StringColumn.create("value");
        variables.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            names.append(name);
            values.append(SECRET_HINTS.stream().anyMatch(upper::contains) ? "<hidden>" : value);
        });
        return Table.create("environment", names, values);
    }
}
