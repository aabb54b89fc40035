package syslab.experiments.ipc;

import syslab.display.Progress;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** How a long experiment reports each finished measurement and learns that the user wants it stopped. */
public interface Monitor {
    /** Nothing shown, never stopped. */
    Monitor NONE = of("", null, () -> false);

    /** One measurement done. */
    void step();

    /**
     * Throws CancellationException ("pipe throughput: interrupted") once the experiment should stop
     * (the cell was interrupted), for it to clean up on its way out. Cheap: measurement loops call it
     * every few hundred turns.
     */
    void check();

    /** Steps of {@code experiment} shown on a progress bar (or nowhere, if null); stopped when {@code interrupted} says so. */
    static Monitor of(String experiment, Progress progress, BooleanSupplier interrupted) {
        return new Monitor() {
            @Override
            public void check() {
                if (interrupted.getAsBoolean()) throw new CancellationException(experiment + ": interrupted");
            }

            @Override
            public void step() {
                if (progress != null) progress.step();
            }
        };
    }
}
