package syslab.experiments.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What one parameter of an experiment's {@code Params} record means and which values make sense for
 * it, written once beside the parameter. The magics make their options from it: {@code --chunk-bytes}
 * for {@code chunkBytes}, its help line, its range checked before a run, its default taken from
 * {@code Params.defaults()}.
 *
 * <pre>{@code
 * public record Params(@Param(value = "Fds made readable each round", label = "K", min = 1, max = 1000) int active, ...)
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {
    /** What it is, as a phrase: the range, the choices and the default are added to it. */
    String value();

    /** The value's name in the usage line ("N", "BYTES"); the parameter's name in capitals if empty. */
    String label() default "";

    /** The smallest value that makes sense (each value, for a list of numbers). */
    double min() default Double.NaN;

    /** The largest: a typo with three extra zeros must be a usage error, not an hour's run. */
    double max() default Double.NaN;

    /** How many values a list of numbers takes at the most. */
    int most() default 20;

    /** A byte count, typed and shown as 4096, 64K, 16M or 1G. */
    boolean bytes() default false;

    /** The option's names, if not {@code --} and the parameter's name in kebab case ("-r", "--delay-ms"). */
    String[] names() default {};

    /** Said after the default: why the parameter matters. */
    String note() default "";
}
