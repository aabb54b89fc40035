package syslab.experiments.common;

import syslab.display.Progress;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * How a long experiment reports each finished measurement and learns that it should stop: the one
 * contract of every experiment that takes long ({@code EpollCompare.run(p, monitor)},
 * {@code PipeThroughput.run(p, monitor)}, {@code LockCost.run(p, monitor)}...). Its {@code Params}
 * say how many steps a run makes ({@code steps()}), for a progress bar of that many.
 *
 * <pre>{@code
 * var bar = progress("lock cost", sweep.steps());
 * Table t = LockCost.run(sweep, Monitor.of("lock cost", bar));
 * }</pre>
 */
public interface Monitor {
    /** Shows nothing; stops once the calling thread is interrupted, as a notebook cell's thread is. */
    Monitor THREAD = of("", null);

    /** Shows nothing, never stops (tests). */
    Monitor NONE = of("", null, () -> false);

    /** One measurement done. */
    void step();

    /** Whether the experiment should stop now: its cell was interrupted. */
    boolean stopped();

    /**
     * Throws CancellationException ("pipe throughput: interrupted") once {@link #stopped()}, for the
     * experiment to clean up on its way out. Cheap: measurement loops call it every few hundred turns.
     */
    void check();

    /** Steps of {@code experiment} shown on {@code progress} (or nowhere, if null); stopped by the thread's interrupt. */
    static Monitor of(String experiment, Progress progress) {
        return of(experiment, progress, () -> Thread.currentThread().isInterrupted());
    }

    /** Steps of {@code experiment} shown on {@code progress} (or nowhere, if null); stopped when {@code interrupted} says so. */
    static Monitor of(String experiment, Progress progress, BooleanSupplier interrupted) {
        String message = experiment.isEmpty() ? "interrupted" : experiment + ": interrupted";
        return new Monitor() {
            @Override
            public void step() {
                if (progress != null) progress.step();
            }

            @Override
            public boolean stopped() {
                return interrupted.getAsBoolean();
            }

            @Override
            public void check() {
                if (stopped()) throw new CancellationException(message);
            }
        };
    }
}
