package syslab.kernel.eval;

import java.util.List;

/**
 * Completion candidates: each {@link Match#text()} replaces the cell text between
 * {@code cursorStart} and {@code cursorEnd}, as Jupyter's complete_reply expects.
 */
public record Completion(List<Match> matches, int cursorStart, int cursorEnd) {

    /**
     * One candidate. {@code type} uses the names Jupyter frontends know ("function", "class",
     * "instance", "keyword", "module"); it is a guess from the text where JShell gives no kind.
     * {@code matchesType} is JShell's hint that it fits the expected type at the cursor.
     */
    public record Match(String text, String type, boolean matchesType) {}

    static Completion none(int cursor) {
        return new Completion(List.of(), cursor, cursor);
    }
}
