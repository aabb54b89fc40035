package syslab.kernel.eval;

import java.util.List;
import java.util.stream.Collectors;

/** What {@link JavaEvaluator#inspect} found at the cursor: one entry per matching element (overloads). */
public record Inspection(List<Entry> entries) {

    /** A signature such as {@code int Math.max(int a, int b)} and its javadoc as plain text, or null. */
    public record Entry(String signature, String javadoc) {}

    /** Signatures first, each followed by its javadoc, for a text/plain inspect_reply. */
    public String plainText() {
        return entries.stream()
                .map(e -> e.javadoc() == null ? e.signature() : e.signature() + "\n\n" + e.javadoc())
                .collect(Collectors.joining("\n\n"));
    }
}
