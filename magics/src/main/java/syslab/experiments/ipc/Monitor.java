package syslab.experiments.ipc;

import syslab.display.Progress;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** How a long experiment reports each finished measurement and learns that the user wants it stopped. */
public interface Monitor {
    /** Nothing shown, never stopped. */
    Monitor NONE = of(null, () -> false);

    /** One measurement done. */
    void step();

    /** True once the experiment should stop (the cell was interrupted). */
    boolean stopped();

    /** Throws CancellationException if stopped, for the experiment to clean up on its way out. */
    default void check(String experiment) {
        if (stopped()) throw new CancellationException(experiment + ": interrupted");
    }

    /** Steps shown on a progress bar (or nowhere, if null); stopped when {@code interrupted} says so. */
    static Monitor of(Progress progress, BooleanSupplier interrupted) {
        return new Monitor() {
            @Override
            public void step() {
                if (progress != null) progress.step();
            }

            @Override
            public boolean stopped() {
                return interrupted.getAsBoolean();
            }
        };
    }
}
