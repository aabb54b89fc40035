package syslab.kernel.eval;

import syslab.posix.JvmProcess;
import syslab.posix.LibC;

import java.util.OptionalInt;

/**
 * Where cell code's {@code System.exit(n)} and {@code Runtime.exit(n)} land ({@link ExitCallRewriter}
 * points them here): the status is kept for the kernel's shutdown hook, which tells the notebook
 * why the kernel ends, and the JVM then exits as asked. In a forked child (a %%fork cell, a cell
 * that calls fork()) the child ends as C's exit() ends a process: stdio flushed, nothing reported.
 */
public final class ExitTrap {
    private static volatile Integer status;

    private ExitTrap() { }

    /** Replaces {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        if (JvmProcess.isForkedChild()) {
            System.out.flush();
            System.err.flush();
            LibC.fflush(null);
            LibC._exit(status);
        }
        ExitTrap.status = status;
        Runtime.getRuntime().exit(status);
    }

    /** Replaces {@code runtime.exit(status)} in cell code. */
    public static void exit(Runtime runtime, int status) {
        exit(status);
    }

    /**
     * Makes {@code loader} (the one cell classes load from) an initiating loader of this class, and
     * initializes it: a forked child's first exit call then finds it in that loader's dictionary
     * instead of loading it under the JVM's class loading lock, which another thread may have held
     * at the moment of fork, so the child would wait for it for good.
     */
    static void preload(ClassLoader loader) {
        try {
            Class.forName(ExitTrap.class.getName(), true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cell class loader cannot see " + ExitTrap.class.getName(), e);
        }
    }

    /** The status a cell asked to exit with, if one did (in this process). */
    public static OptionalInt status() {
        Integer s = status;
        return s == null || JvmProcess.isForkedChild() ? OptionalInt.empty() : OptionalInt.of(s);
    }
}
