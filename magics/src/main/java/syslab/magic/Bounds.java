package syslab.magic;

import java.util.List;

/**
 * Ranges for a magic's numeric options, checked before anything is allocated or run, so that a
 * typo (an extra zero or three) is a usage error rather than an hour's run or an OutOfMemoryError.
 */
public final class Bounds {
    private Bounds() { }

    /** {@code value} if it is in [min, max]; else "NAME: OPTION must be between MIN and MAX, got VALUE". */
    public static long check(String magic, String option, long value, long min, long max) {
        if (value < min || value > max) throw outside(magic, option, String.valueOf(value), String.valueOf(min), String.valueOf(max));
        return value;
    }

    /** The same for a number with a fraction (seconds); NaN is outside every range. */
    public static double check(String magic, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw outside(magic, option, plain(value), plain(min), plain(max));
        }
        return value;
    }

    /** Each value of a list option, and its length: at most {@code maxCount} values. */
    public static void each(String magic, String option, List<? extends Number> values, long min, long max, int maxCount) {
        if (values.size() > maxCount) {
            throw new MagicException(magic + ": " + option + " takes at most " + maxCount + " values, got " + values.size());
        }
        for (Number value : values) check(magic, option, value.longValue(), min, max);
    }

    private static MagicException outside(String magic, String option, String value, String min, String max) {
        return new MagicException(magic + ": " + option + " must be between " + min + " and " + max + ", got " + value);
    }

    static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
