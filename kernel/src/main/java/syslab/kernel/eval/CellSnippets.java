package syslab.kernel.eval;

import java.util.ArrayList;
import java.util.List;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Splits a cell into the snippets JShell evaluates one at a time, remembering where each one
 * starts in the cell so diagnostics and stack frames can be reported in cell coordinates.
 */
final class CellSnippets {

    /**
     * One snippet: {@code source} is what JShell gets (the cell text from {@code start}, plus a
     * ';' JShell added when {@code addedSemicolon}); {@code complete} is false for a trailing
     * piece that is not a whole snippet (it is still evaluated, to get the compiler's error).
     */
    record Piece(String source, int start, boolean addedSemicolon, boolean complete) {

        /** Length of the piece in the cell text. */
        int length() {
            return source.length() - (addedSemicolon ? 1 : 0);
        }

        /** Maps an offset in {@code source} to an offset in the cell, clamped to this piece. */
        int toCell(long sourceOffset) {
            if (sourceOffset < 0) {
                return start;
            }
            return start + (int) Math.min(sourceOffset, length());
        }
    }

    private CellSnippets() {
    }

    static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        String rest = cell;
        int start = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                return pieces;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0 || !completeness.isComplete() && completeness != Completeness.UNKNOWN) {
                // JShell's remaining text may carry an added newline: report the cell's own text
                pieces.add(trimmed(cell.substring(start), start, false, false));
                return pieces;
            }
            pieces.add(trimmed(info.source(), start,
                    completeness == Completeness.COMPLETE_WITH_SEMI, completeness.isComplete()));
            start += consumed;
            rest = info.remaining();
        }
    }

    // JShell numbers stack-frame lines wrongly when a snippet starts with a newline: start at the code.
    private static Piece trimmed(String source, int start, boolean addedSemicolon, boolean complete) {
        int lead = source.length() - source.stripLeading().length();
        return new Piece(source.substring(lead), start + lead, addedSemicolon, complete);
    }

    /** 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
