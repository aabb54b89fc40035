package syslab.kernel.eval;

/**
 * The type {@link JavaEvaluator#compile} gives to a cell's statements: the body may throw checked
 * exceptions like a JShell statement can, and {@link #run()} rethrows them unchanged, so a caller
 * (a forked child) sees the user's own exception.
 */
@FunctionalInterface
public interface CellBody extends Runnable {

    void body() throws Exception;

    @Override
    default void run() {
        try {
            body();
        } catch (Exception e) {
            CellBody.<RuntimeException>rethrow(e);
        }
    }

    // Erasure lets a checked exception pass as unchecked; the caller gets the original object.
    @SuppressWarnings("unchecked")
    private static <E extends Exception> void rethrow(Exception e) throws E {
        throw (E) e;
    }
}
