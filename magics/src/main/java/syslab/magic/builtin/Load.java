package syslab.magic.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.magic.Magic;
import syslab.magic.MagicException;
import syslab.magic.SetNextInput;

/**
 * {@code %load [-r LINES] FILE}: as in IPython, replaces the current cell with the file's text,
 * headed by a comment naming the file so that running the new cell runs the code, not the load.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Replaces this cell with the contents of FILE (UTF-8) under a comment line naming the file. "
                + "Run the cell again to execute the loaded code. FILE is a regular file of at most 1 MiB."})
public class Load extends Magic {
    static final long MAX_BYTES = 1 << 20;

    @Option(names = {"-r", "--lines"}, paramLabel = "LINES",
            description = "Load only these lines, numbered from 1: ranges separated by commas, each "
                + "a line (7), an inclusive range (5-10), or a Python-style range whose end is excluded "
                + "(5:10); a range with no start or end runs from the first or to the last line (20-, :10).")
    String lines;

    @Parameters(paramLabel = "FILE", description = "The file to load.")
    String file;

    @Override
    public Object call() {
        List<String> all;
        try {
            // checked before reading: /dev/zero or a fifo would never end, a huge file fill the heap
            BasicFileAttributes attributes = Files.readAttributes(UserFiles.path(file), BasicFileAttributes.class);
            if (!attributes.isRegularFile()) throw new MagicException("load: " + file + ": not a regular file");
            if (attributes.size() > MAX_BYTES) {
                throw new MagicException("load: " + file + ": larger than 1 MiB (" + attributes.size() + " bytes)");
            }
            all = Files.readAllLines(UserFiles.path(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserFiles.error("load", file, e);
        }
        List<String> chosen = lines == null ? all : select(all, lines);
        String header = "// %load " + (lines == null ? "" : "-r " + lines + " ") + file;
        return new SetNextInput(header + "\n" + String.join("\n", chosen), true);
    }

    /** The lines of {@code all} that {@code spec} names, in the order named. */
    private static List<String> select(List<String> all, String spec) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split("[,\\s]+")) {
            int[] range = range(part.strip(), all.size());
            out.addAll(all.subList(Math.min(range[0] - 1, all.size()), Math.min(range[1], all.size())));
        }
        return out;
    }

    /** {@code [first, last]}, 1-based and inclusive, of one range: "5", "5-10", "5-", ":10", "5:10". */
    private static int[] range(String part, int size) {
        try {
            int sep = Math.max(part.indexOf('-'), part.indexOf(':'));
            if (sep < 0) {
                int n = Integer.parseInt(part);
                return checked(n, n, part);
            }
            String from = part.substring(0, sep);
            String to = part.substring(sep + 1);
            int first = from.isEmpty() ? 1 : Integer.parseInt(from);
            int last = to.isEmpty() ? size : Integer.parseInt(to) - (part.charAt(sep) == ':' ? 1 : 0);
            return checked(first, last, part);
        } catch (NumberFormatException e) {
            throw new MagicException("load: bad line range '" + part + "' (try 5-10, 5:, :10 or 7)");
        }
    }

    private static int[] checked(int first, int last, String part) {
        if (first < 1 || last < first) {
            throw new MagicException("load: bad line range '" + part + "' (lines are numbered from 1)");
        }
        return new int[] {first, last};
    }
}
