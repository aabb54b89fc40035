package syslab.magic;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A subcommand over one experiment: its options default to the experiment's {@code Params.defaults()}
 * ({@link ParamsDefaults}, named in its {@code @Command}), and {@code call()} runs the experiment.
 */
public abstract class ExperimentCommand implements Callable<Object>, ParamsDefaults.Source {
    private final Supplier<Record> defaults;

    protected ExperimentCommand(Supplier<Record> defaults) {
        this.defaults = defaults;
    }

    @Override
    public final Record defaults() {
        return defaults.get();
    }
}
