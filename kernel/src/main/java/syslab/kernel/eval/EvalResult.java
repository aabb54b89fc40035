package syslab.kernel.eval;

import java.util.List;

/** What one cell evaluation produced. Values are the real objects, so a renderer can inspect them. */
public sealed interface EvalResult {

    /** The cell ended with an expression; {@code value} is its object (may be null). */
    record Value(Object value) implements EvalResult {}

    /** The cell ran and its last snippet has no value (a declaration, a statement, a void call). */
    record NoValue() implements EvalResult {}

    /**
     * The cell did not compile, or used a name that is not declared. {@code start}/{@code end} are
     * offsets of the first error in the cell text; {@code diagnostics} has every error, one formatted
     * block each (line number, message, source line, carets).
     */
    record CompileError(String message, int start, int end, List<String> diagnostics) implements EvalResult {}

    /**
     * User code threw. {@code exception} is the real object; {@code traceback} starts with
     * "class: message", then one "\tat ..." line per user frame, then any "Caused by:" blocks.
     */
    record Thrown(Throwable exception, List<String> traceback) implements EvalResult {}

    /** The cell was stopped by {@link JavaEvaluator#interrupt()}; the session is still usable. */
    record Interrupted() implements EvalResult {}
}
