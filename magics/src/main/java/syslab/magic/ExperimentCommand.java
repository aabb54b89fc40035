package syslab.magic;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import syslab.experiments.common.Monitor;

import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A subcommand that runs one experiment ({@code %epoll compare}): its options are made from the
 * experiment's {@code Params} record, its type argument ({@link ExperimentOptions}), so a subclass
 * names the command, says what it does, and turns the experiment's result into what the cell shows.
 */
// 100 columns: a notebook's output is wider than a terminal, and a list's default then fits one line
@Command(mixinStandardHelpOptions = true, usageHelpWidth = 100, modelTransformer = ExperimentOptions.class)
public abstract class ExperimentCommand<P extends Record> implements Callable<Object> {
    @ParentCommand
    SubcommandMagic parent;

    @Spec
    CommandSpec spec;

    private final Class<P> type = paramsType(getClass());

    /** The params a run takes when no option is given: the options' defaults ({@code Params.defaults()}). */
    final P defaults() {
        try {
            return type.cast(type.getMethod("defaults").invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " has no public static defaults()", e);
        }
    }

    @Override
    public final Object call() throws Exception {
        return run(ExperimentOptions.params(spec, type));
    }

    /** Runs the experiment; returns what the cell shows (tables, charts). */
    protected abstract List<?> run(P params) throws Exception;

    /** A progress bar of {@code steps} measurements, named after the command, that stops the experiment on an interrupt. */
    protected final Monitor monitor(int steps) {
        return parent.monitor(spec.qualifiedName(), steps);
    }

    /** P of {@code class X extends ExperimentCommand<P>}. */
    @SuppressWarnings("unchecked")
    private static <P> Class<P> paramsType(Class<?> command) {
        return (Class<P>) ((ParameterizedType) command.getGenericSuperclass()).getActualTypeArguments()[0];
    }
}
