package syslab.magic.builtin;

import java.math.BigDecimal;
import java.math.MathContext;

/** Formats durations the way IPython's %time and %timeit do: "1.23 ms", "456 µs", "1min 5s". */
final class Durations {
    private static final String[] UNITS = {"s", "ms", "µs", "ns"};

    private Durations() { }

    /** {@code seconds} with three significant digits in the largest unit that keeps it >= 1. */
    static String format(double seconds) {
        if (seconds >= 60) {
            return longFormat(seconds);
        }
        int order = 0;
        while (order < 3 && (seconds <= 0 || seconds * Math.pow(1000, order) < 1)) {
            order++;  // zero prints as "0 ns", as in IPython
        }
        BigDecimal scaled = round(seconds, order);
        if (order > 0 && scaled.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            scaled = round(seconds, --order);  // 999.7 µs rounds to 1 ms, not 1000 µs
        }
        return scaled.stripTrailingZeros().toPlainString() + " " + UNITS[order];
    }

    private static BigDecimal round(double seconds, int order) {
        return new BigDecimal(seconds * Math.pow(1000, order)).round(new MathContext(3));
    }

    private static String longFormat(double seconds) {
        StringBuilder out = new StringBuilder();
        double left = seconds;
        String[] suffixes = {"d", "h", "min", "s"};
        long[] lengths = {86_400, 3_600, 60, 1};
        for (int i = 0; i < suffixes.length && left >= 1; i++) {
            long value = (long) (left / lengths[i]);
            if (value > 0) {
                left -= value * lengths[i];
                out.append(out.length() > 0 ? " " : "").append(value).append(suffixes[i]);
            }
        }
        return out.toString();
    }
}
