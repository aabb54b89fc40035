package syslab.magic;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import syslab.experiments.common.Labels;
import syslab.experiments.common.Param;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An {@link ExperimentCommand}'s options, made from its experiment's {@code Params} record: one
 * option per component, described by its {@link Param}, defaulting to {@code Params.defaults()};
 * after parsing, the range of each value is checked and the record built from them.
 * Enum values are parsed by the enum's {@code parse(String)}, so an unknown one is refused with the
 * experiment's own words ("epoll compare: unknown method 'kqueue'; one of select, poll, epoll").
 */
public final class ExperimentOptions implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        if (!(spec.userObject() instanceof ExperimentCommand<?> command)) return spec;
        Record defaults = command.defaults();
        for (RecordComponent c : defaults.getClass().getRecordComponents()) {
            spec.addOption(option(c, value(c, defaults)));
        }
        return spec;
    }

    /** The record that the parsed options of {@code spec} describe; a value out of range is a {@link MagicException}. */
    static <P extends Record> P params(CommandSpec spec, Class<P> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String name = names(c)[0];
            values[i] = checked(spec.qualifiedName(), name, c, spec.findOption(name).getValue());
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return MagicRunner.params(() -> {
            Object[] typed = new Object[values.length];
            for (int i = 0; i < values.length; i++) typed[i] = labelsParsed(components[i], values[i]);
            try {
                return type.getDeclaredConstructor(types).newInstance(typed);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
        });
    }

    private static OptionSpec option(RecordComponent c, Object defaultValue) {
        Param param = param(c);
        Class<?> element = element(c);
        boolean list = List.class.isAssignableFrom(c.getType());
        Class<?> parsedBy = element.isEnum() ? String.class : element;
        OptionSpec.Builder b = OptionSpec.builder(names(c))
            .paramLabel(param.label().isEmpty() ? c.getName().toUpperCase(Locale.ROOT) : param.label())
            .description(describe(param, element, list).replace("%", "%%"))
            .defaultValue(typed(defaultValue));
        if (list) {
            b.type(List.class).auxiliaryTypes(parsedBy).splitRegex(",");
        } else {
            b.type(element.isEnum() ? String.class : c.getType());
        }
        if (param.bytes()) {
            ITypeConverter<?> converter = parsedBy == Long.class || parsedBy == long.class ? new ByteCount.Bytes() : new ByteCount.Size();
            b.converters(converter);
        }
        return b.build();
    }

    /** "Idle fd counts to sweep, each 0 to 100000, at most 20 (default: 10,100,1000,10000)." */
    private static String describe(Param param, Class<?> element, boolean list) {
        StringBuilder s = new StringBuilder(param.value());
        if (element.isEnum()) {
            s.append(list ? ": any of " : ": one of ")
                .append(Arrays.stream(element.getEnumConstants()).map(e -> Labels.of((Enum<?>) e)).collect(Collectors.joining(", ")));
        } else if (hasRange(param)) {
            s.append(list ? ", each " : ", ").append(bound(param, param.min())).append(" to ").append(bound(param, param.max()));
            if (list) s.append(", at most ").append(param.most());
        }
        // a flag's default is off: "(default: false)" would read as a value to type
        s.append(element == boolean.class ? "." : " (default: ${DEFAULT-VALUE}).");
        if (!param.note().isEmpty()) s.append(' ').append(param.note());
        return s.toString();
    }

    private static String bound(Param param, double value) {
        return param.bytes() ? ByteCount.format((long) value) : Bounds.plain(value);
    }

    private static boolean hasRange(Param param) {
        return !Double.isNaN(param.min()) && !Double.isNaN(param.max());
    }

    private static Object checked(String magic, String option, RecordComponent c, Object value) {
        Param param = param(c);
        if (!hasRange(param)) return value;
        if (value instanceof List<?> list) {
            List<Number> numbers = list.stream().map(Number.class::cast).toList();
            Bounds.each(magic, option, numbers, (long) param.min(), (long) param.max(), param.most());
        } else if (value instanceof Double d) {
            Bounds.check(magic, option, d, param.min(), param.max());
        } else {
            Bounds.check(magic, option, ((Number) value).longValue(), (long) param.min(), (long) param.max());
        }
        return value;
    }

    /** Enum labels through the enum's {@code parse(String)}: its IllegalArgumentException names the choices. */
    private static Object labelsParsed(RecordComponent c, Object value) throws ReflectiveOperationException {
        Class<?> element = element(c);
        if (!element.isEnum()) return value;
        Method parse = element.getMethod("parse", String.class);
        if (!Modifier.isStatic(parse.getModifiers())) throw new IllegalStateException(element + ".parse is not static");
        if (!(value instanceof List<?> labels)) return invoke(parse, value);
        List<Object> parsed = new ArrayList<>();
        for (Object label : labels) parsed.add(invoke(parse, label));
        return parsed;
    }

    private static Object invoke(Method parse, Object label) throws ReflectiveOperationException {
        try {
            return parse.invoke(null, label);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private static Param param(RecordComponent c) {
        Param param = c.getAnnotation(Param.class);
        if (param == null) throw new IllegalStateException(c.getDeclaringRecord().getName() + "." + c.getName() + " has no @Param");
        return param;
    }

    private static String[] names(RecordComponent c) {
        String[] names = param(c).names();
        return names.length > 0 ? names : new String[] {"--" + c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)};
    }

    private static Class<?> element(RecordComponent c) {
        if (!List.class.isAssignableFrom(c.getType())) return c.getType();
        return (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The default as a user would type it: lists joined with ',', enum constants by their label. */
    private static String typed(Object value) {
        if (value instanceof Collection<?> values) return values.stream().map(ExperimentOptions::typed).collect(Collectors.joining(","));
        if (value instanceof Enum<?> e) return Labels.of(e);
        return String.valueOf(value);
    }
}
