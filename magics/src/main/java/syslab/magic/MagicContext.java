package syslab.magic;

import syslab.display.Display;

/**
 * What the kernel lends a running magic. It holds no Jupyter types so that magics and experiments
 * run in plain JUnit tests with a context of the test's own.
 */
public interface MagicContext {
    /** Shows values now and updates them in place (live progress). */
    Display display();

    /**
     * Compiles Java code (JShell snippets: statements, declarations) in the kernel's session and
     * returns it as a Runnable that runs it, without running it yet. Used by {@code %%fork} to
     * compile in the parent and run in the child, and by {@code %%time}.
     */
    Runnable compile(String javaCode) throws Exception;

    /**
     * Runs Java code as a cell runs: declarations stay for later cells, and the value of a final
     * expression is returned (null if none). Failures are thrown and shown as the cell's error.
     * Used by {@code %%time}, whose cell must behave as if the magic were not there.
     */
    Object run(String javaCode) throws Exception;

    /**
     * Runs a magic's loop around compiled user code so that an interrupt can stop it at once (the
     * code {@link #compile} returns is stoppable on its own; this spares a loop the cost per call).
     * Nothing else may run here: the stop lands anywhere in it.
     */
    default void stoppable(Runnable code) {
        code.run();
    }

    /** True once the user asked to interrupt the cell; long loops poll it. */
    boolean interrupted();
}
