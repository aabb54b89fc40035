package syslab.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java code and magics. A cell magic ({@code %%name args}) is the first line and
 * owns the rest of the cell. A line magic ({@code %name args}) may stand on any line where a new
 * Java statement could start, so {@code a\n  % b} (modulo on a continuation line) stays Java.
 */
public final class CellParser {
    private static final Pattern CELL_MAGIC = Pattern.compile("\\A\\s*%%([A-Za-z_][\\w-]*)[ \\t]*([^\\n]*)\\n?");
    private static final Pattern LINE_MAGIC = Pattern.compile("^[ \\t]*%([A-Za-z_][\\w-]*)(?:[ \\t]+(.*))?$");

    /** A piece of a cell, in order. */
    public sealed interface Part permits Java, LineMagic, CellMagic { }

    /** Java source and where it starts in the cell (to map compile errors back). */
    public record Java(String code, int offset) implements Part { }

    public record LineMagic(String name, String args) implements Part { }

    public record CellMagic(String name, String args, String body) implements Part { }

    private CellParser() { }

    /**
     * @param javaComplete whether Java code so far ends on a statement boundary
     */
    public static List<Part> parse(String cell, Predicate<String> javaComplete) {
        Matcher cellMagic = CELL_MAGIC.matcher(cell);
        if (cellMagic.lookingAt()) {
            return List.of(new CellMagic(cellMagic.group(1), cellMagic.group(2).strip(), cell.substring(cellMagic.end())));
        }
        List<Part> parts = new ArrayList<>();
        List<String> java = new ArrayList<>();
        int javaStart = 0;
        int offset = 0;
        for (String line : cell.split("\n", -1)) {
            Matcher m = LINE_MAGIC.matcher(line);
            String code = String.join("\n", java);
            if (m.matches() && (code.isBlank() || javaComplete.test(code))) {
                if (!code.isBlank()) parts.add(new Java(code, javaStart));
                parts.add(new LineMagic(m.group(1), m.group(2) == null ? "" : m.group(2).strip()));
                java.clear();
                javaStart = offset + line.length() + 1;
            } else {
                java.add(line);
            }
            offset += line.length() + 1;
        }
        String code = String.join("\n", java);
        if (!code.isBlank()) parts.add(new Java(code, javaStart));
        return parts;
    }
}
