package syslab.experiments.io;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** How a long experiment notices an interrupt: it asks between steps and unwinds, closing what it opened. */
final class Interrupts {
    private Interrupts() { }

    /** From a notebook cell the kernel interrupts the cell's thread; a magic passes its context's flag. */
    static final BooleanSupplier THREAD = () -> Thread.currentThread().isInterrupted();

    static void check(BooleanSupplier interrupted) {
        if (interrupted.getAsBoolean()) throw new CancellationException("interrupted");
    }
}
