package syslab.kernel.session;

import syslab.kernel.eval.EvalResult;
import syslab.magic.MagicException;

import java.util.ArrayList;
import java.util.List;

/** Turns each kind of failure into what a notebook shows: short, red where it helps, no kernel frames. */
final class Errors {
    private static final String RED = "\u001b[31m";
    private static final String BOLD_RED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";

    private Errors() { }

    static Outcome.Failed interrupted() {
        return new Outcome.Failed("Interrupted", "the cell was interrupted",
                List.of(BOLD_RED + "Interrupted" + RESET + ": the cell was interrupted"));
    }

    static Outcome.Failed magic(MagicException e) {
        List<String> lines = new ArrayList<>();
        lines.add(BOLD_RED + "UsageError" + RESET + ": " + e.getMessage());
        return new Outcome.Failed("UsageError", e.getMessage(), lines);
    }

    static Outcome.Failed thrown(Throwable t, List<String> traceback) {
        String name = t.getClass().getName();
        String message = t.getMessage() == null ? "" : t.getMessage();
        List<String> lines = new ArrayList<>();
        if (traceback.isEmpty()) {
            lines.add(BOLD_RED + name + RESET + (message.isEmpty() ? "" : ": " + message));
        } else {
            lines.addAll(traceback);
        }
        return new Outcome.Failed(name, message, lines);
    }

    /** The cell's lines around the error, with the offending span underlined, as javac does. */
    static Outcome.Failed compile(EvalResult.CompileError error, String cell, int offset) {
        int start = Math.max(0, Math.min(cell.length(), offset + error.start()));
        int end = Math.max(start + 1, Math.min(cell.length(), offset + error.end()));
        List<String> lines = new ArrayList<>();
        lines.add(BOLD_RED + "CompilationError" + RESET + ": " + error.message());
        int lineStart = cell.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = cell.indexOf('\n', start);
        if (lineEnd < 0) lineEnd = cell.length();
        int lineNumber = (int) cell.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
        String prefix = String.format("%4d | ", lineNumber);
        lines.add(prefix + cell.substring(lineStart, lineEnd));
        int underline = Math.max(1, Math.min(end, lineEnd) - start);
        lines.add(" ".repeat(prefix.length() + start - lineStart) + RED + "^".repeat(underline) + RESET);
        for (String d : error.diagnostics()) {
            if (!d.equals(error.message())) lines.add(d);
        }
        return new Outcome.Failed("CompilationError", error.message(), lines);
    }
}
