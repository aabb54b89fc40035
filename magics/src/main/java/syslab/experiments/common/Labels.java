package syslab.experiments.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants as users type them: lower case, '-' for '_' ("epoll-et" is EPOLL_ET). */
public final class Labels {
    private Labels() { }

    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String label) {
        return parse(type, type.getSimpleName().toLowerCase(Locale.ROOT), label);
    }

    /** {@code what} names the kind in the error, as the user's option does ("unknown method 'kqueue'"). */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String label) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(label.strip().toLowerCase(Locale.ROOT))) return e;
        }
        throw new IllegalArgumentException("unknown " + what + " '" + label
            + "'; one of " + Arrays.stream(type.getEnumConstants()).map(Labels::of).collect(Collectors.joining(", ")));
    }
}
