package syslab.magic;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Collection;

/**
 * Option defaults read from an experiment's {@code Params.defaults()}, so that they are written once.
 * An option whose field has the name of a component of that record gets the component's value as the
 * user would type it (lists joined with ',', enum constants by their {@code label()}), which --help
 * shows as {@code ${DEFAULT-VALUE}}. A command opts in with
 * {@code @Command(defaultValueProvider = ParamsDefaults.class)} and implements {@link Source}.
 */
public final class ParamsDefaults implements IDefaultValueProvider {
    /** A command whose options default to its experiment's params. */
    public interface Source {
        Record defaults();
    }

    @Override
    public String defaultValue(ArgSpec arg) throws Exception {
        if (!(arg.command().userObject() instanceof Source source) || !(arg.userObject() instanceof Field field)) return null;
        Record defaults = source.defaults();
        for (RecordComponent component : defaults.getClass().getRecordComponents()) {
            if (component.getName().equals(field.getName())) return typed(component.getAccessor().invoke(defaults));
        }
        return null;
    }

    private static String typed(Object value) throws ReflectiveOperationException {
        if (value instanceof Collection<?> values) {
            StringBuilder joined = new StringBuilder();
            for (Object v : values) joined.append(joined.isEmpty() ? "" : ",").append(typed(v));
            return joined.toString();
        }
        if (value instanceof Enum<?> e) return (String) e.getDeclaringClass().getMethod("label").invoke(e);
        return String.valueOf(value);
    }
}
