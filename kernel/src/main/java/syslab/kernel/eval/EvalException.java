package syslab.kernel.eval;

/** Thrown by {@link JavaEvaluator#compile} when the code cannot become a runnable body. */
public final class EvalException extends Exception {
    private final EvalResult result;

    EvalException(EvalResult result) {
        super(describe(result));
        this.result = result;
    }

    /** Why: usually a {@link EvalResult.CompileError}, or {@link EvalResult.Interrupted}. */
    public EvalResult result() {
        return result;
    }

    private static String describe(EvalResult result) {
        if (result instanceof EvalResult.CompileError e) {
            return String.join("\n", e.diagnostics());
        }
        return result.toString();
    }
}
