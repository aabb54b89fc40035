package syslab.kernel.eval;

import java.util.List;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Compiles a cell's statements as the body of a {@link CellBody} lambda in the session: one JShell
 * expression snippet whose value is the lambda object. Creating it runs none of the statements;
 * calling it later runs already-loaded bytecode only.
 */
final class LambdaCell {

    private static final String PREFIX = "(" + CellBody.class.getName() + ") () -> {\n";
    private static final String SUFFIX = "\n}";

    private LambdaCell() {
    }

    static CellBody compile(JShell shell, SessionExecutionControl control, String code) throws EvalException {
        int semicolon = missingSemicolon(shell, code);
        String body = semicolon < 0 ? code : code.substring(0, semicolon) + ";" + code.substring(semicolon);
        String source = PREFIX + body + SUFFIX;
        CompileErrors.Positions positions = offset -> toCell(offset, semicolon, code.length());

        // A stray '}' in the cell would end the lambda early and leave a second snippet.
        if (!shell.sourceCodeAnalysis().analyzeCompletion(source).remaining().isBlank()) {
            throw new EvalException(CompileErrors.rejected(
                    new CellSnippets.Piece(code, 0, false, false), code, "unbalanced braces"));
        }
        List<SnippetEvent> events = shell.eval(source);
        UserCodeRunner.Ending outcome = control.takeEnding();
        SnippetEvent event = events.get(0);
        if (event.status() != Snippet.Status.VALID) {
            EvalResult.CompileError error =
                    CompileErrors.fromDiagnostics(shell.diagnostics(event.snippet()).toList(), positions, code);
            throw new EvalException(error != null ? error : CompileErrors.rejected(
                    new CellSnippets.Piece(code, 0, false, false), code, "cannot compile this code"));
        }
        if (outcome instanceof UserCodeRunner.Ending.Returned returned && returned.value() instanceof CellBody b) {
            ReplClasses.drop(shell, event.snippet()); // the lambda lives on; its "$N" variable is never used
            return b;
        }
        if (outcome instanceof UserCodeRunner.Ending.Threw threw) {
            throw new EvalException(new EvalResult.Thrown(threw.exception(),
                    Tracebacks.fromThrowable(threw.exception(), UserCodeRunner.class)));
        }
        throw new EvalException(new EvalResult.Interrupted());
    }

    /**
     * Where the cell's last statement needs a ';' to be a statement of a lambda body (JShell lets a
     * cell end without one), or -1.
     */
    private static int missingSemicolon(JShell shell, String code) {
        List<CellSnippets.Piece> pieces = CellSnippets.split(shell.sourceCodeAnalysis(), code);
        if (pieces.isEmpty() || !pieces.get(pieces.size() - 1).complete()) {
            return -1;
        }
        CellSnippets.Piece last = pieces.get(pieces.size() - 1);
        int end = last.start() + endOfCode(code.substring(last.start(), last.start() + last.length()));
        boolean terminated = end > last.start() && ";}".indexOf(code.charAt(end - 1)) >= 0;
        return last.addedSemicolon() || !terminated ? end : -1;
    }

    // From an offset in `source` to one in the cell: drop the prefix and the added semicolon.
    private static int toCell(long sourceOffset, int semicolon, int cellLength) {
        long offset = sourceOffset - PREFIX.length();
        if (semicolon >= 0 && offset > semicolon) {
            offset--;
        }
        return (int) Math.max(0, Math.min(cellLength, offset));
    }

    /** Offset just after the last character of {@code java} that is not blank or inside a comment. */
    static int endOfCode(String java) {
        int end = 0;
        int i = 0;
        while (i < java.length()) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                i = skipTo(java, "\n", i + 2);
            } else if (java.startsWith("/*", i)) {
                i = skipTo(java, "*/", i + 2);
            } else if (java.startsWith("\"\"\"", i)) {
                i = end = skipLiteral(java, "\"\"\"", i + 3);
            } else if (c == '"' || c == '\'') {
                i = end = skipLiteral(java, String.valueOf(c), i + 1);
            } else {
                i++;
                if (!Character.isWhitespace(c)) {
                    end = i;
                }
            }
        }
        return end;
    }

    private static int skipTo(String java, String closing, int from) {
        int at = java.indexOf(closing, from);
        return at < 0 ? java.length() : at + closing.length();
    }

    // Past the literal's closing quote(s), stepping over backslash escapes.
    private static int skipLiteral(String java, String quote, int from) {
        int i = from;
        while (i < java.length() && !java.startsWith(quote, i)) {
            i += java.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(java.length(), i + quote.length());
    }
}
