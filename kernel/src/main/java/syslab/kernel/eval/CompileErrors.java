package syslab.kernel.eval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jshell.Diag;

/**
 * Turns JShell diagnostics and unresolved names into {@link EvalResult.CompileError}s whose spans
 * point into the cell, formatted the way javac prints them (line, message, source line, carets).
 */
final class CompileErrors {

    // JShell wraps snippets in a synthetic class; javac's "location: class <that>" line says nothing.
    private static final Pattern WRAPPER_LOCATION =
            Pattern.compile("\\n\\s*location: class\\s*(REPL\\.)?(\\$JShell\\$\\w*)?\\s*(?=\\n|$)");
    // "method g(int)", "class Foo", "variable x": the name is the second word, before any '('.
    private static final Pattern UNRESOLVED_NAME = Pattern.compile("^\\S+\\s+([\\w$]+)");

    private CompileErrors() {
    }

    /** The first error of {@code diags} (positions relative to {@code piece}); null if none is an error. */
    static EvalResult.CompileError fromDiagnostics(List<Diag> diags, CellSnippets.Piece piece, String cell) {
        return fromDiagnostics(diags, piece::toCell, cell);
    }

    interface Positions {
        int toCell(long snippetOffset);
    }

    static EvalResult.CompileError fromDiagnostics(List<Diag> diags, Positions positions, String cell) {
        List<Diag> errors = diags.stream().filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return null;
        }
        Diag first = errors.get(0);
        int start = positions.toCell(first.getStartPosition());
        int end = Math.max(start, positions.toCell(first.getEndPosition()));
        List<String> formatted = errors.stream()
                .map(d -> {
                    int s = positions.toCell(d.getStartPosition());
                    return format(message(d), cell, s, Math.max(s, positions.toCell(d.getEndPosition())));
                })
                .toList();
        return new EvalResult.CompileError(message(first), start, end, formatted);
    }

    /** Code rejected without an error of javac's own: the whole piece is the span. */
    static EvalResult.CompileError rejected(CellSnippets.Piece piece, String cell, String message) {
        int end = piece.start() + piece.length();
        return new EvalResult.CompileError(message, piece.start(), end,
                List.of(format(message, cell, piece.start(), end)));
    }

    /**
     * A declaration of this cell still needs names nobody declared ({@code unresolved}, in JShell's
     * words such as "method g()"). JShell keeps the declaration; it works once those exist.
     */
    static EvalResult.CompileError unresolved(String declared, List<String> unresolved,
                                              CellSnippets.Piece piece, String cell) {
        String message = "cannot find symbol\n  symbol:   " + String.join(", ", unresolved)
                + "\n  (" + declared + " is declared, but cannot be used until "
                + (unresolved.size() == 1 ? "that is" : "those are") + " declared)";
        return atName(message, unresolved.get(0), piece, cell);
    }

    /** A statement of this cell used {@code declared}, which still needs {@code unresolved} names. */
    static EvalResult.CompileError unresolvedUse(String declared, List<String> unresolved,
                                                 CellSnippets.Piece piece, String cell) {
        String message = declared + " cannot be used until "
                + (unresolved.isEmpty() ? "the names it uses are" : String.join(", ", unresolved) + " is")
                + " declared";
        return atName(message, declared, piece, cell);
    }

    // Points at the first whole-word use of the name in the piece, else at the whole piece.
    private static EvalResult.CompileError atName(String message, String jshellName,
                                                  CellSnippets.Piece piece, String cell) {
        int start = piece.start();
        int end = piece.start() + piece.length();
        Matcher name = UNRESOLVED_NAME.matcher(jshellName);
        if (name.find()) {
            Matcher use = Pattern.compile("\\b" + Pattern.quote(name.group(1)) + "\\b")
                    .matcher(cell).region(start, end);
            if (use.find()) {
                start = use.start();
                end = use.end();
            }
        }
        return new EvalResult.CompileError(message, start, end, List.of(format(message, cell, start, end)));
    }

    private static String message(Diag diag) {
        return Tracebacks.withoutWrapperNames(WRAPPER_LOCATION.matcher(diag.getMessage(Locale.ROOT)).replaceAll(""));
    }

    /** "line 3: message", the source line, and carets under {@code start..end}. */
    static String format(String message, String cell, int start, int end) {
        int lineStart = cell.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = cell.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        // keep tabs so the carets line up under the source however tabs are shown
        String indent = cell.substring(lineStart, start).replaceAll("[^\t]", " ");
        int caretEnd = Math.max(start + 1, Math.min(end, lineEnd));
        return "line " + CellSnippets.lineOf(cell, start) + ": " + message + "\n"
                + "    " + cell.substring(lineStart, lineEnd) + "\n"
                + "    " + indent + "^".repeat(caretEnd - start);
    }
}
