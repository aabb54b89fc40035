package syslab.magic;

import picocli.CommandLine.ITypeConverter;

import java.util.Locale;

/** Byte counts as users type them: "4096", "64K", "256M", "1G" (binary multiples; "KiB", "MB"... read the same). */
final class ByteCount {
    private ByteCount() { }

    private static final String UNITS = " KMGT";

    /** A count as long. */
    static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toUpperCase(Locale.ROOT).replaceFirst("I?B$", "");
            int unit = v.isEmpty() ? 0 : Math.max(0, UNITS.indexOf(v.charAt(v.length() - 1)));
            int shift = 10 * unit;
            String digits = unit == 0 ? v : v.substring(0, v.length() - 1);
            long n;
            try {
                n = Long.parseLong(digits.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a byte count: '" + value + "' (write 4096, 64K, 256M or 1G)");
            }
            if (n <= 0 || n > Long.MAX_VALUE >> shift) throw new IllegalArgumentException("byte count out of range: " + value);
            return n << shift;
        }
    }

    /** A count that fits an int (a chunk or pipe size). */
    static final class Size implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = new Bytes().convert(value);
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("size too large: " + value);
            return (int) n;
        }
    }

    /** As a user would type it: 16M for 16 << 20, 1000 for 1000. */
    static String format(long n) {
        int unit = 0;
        while (n != 0 && n % 1024 == 0 && unit < UNITS.length() - 1) {
            n /= 1024;
            unit++;
        }
        return unit == 0 ? String.valueOf(n) : n + UNITS.substring(unit, unit + 1);
    }
}
