package syslab.magic.ipc;

import picocli.CommandLine.ITypeConverter;
import syslab.experiments.ipc.Method;
import syslab.experiments.ipc.Placement;

import java.util.Locale;

/** picocli converters for the options of %pipe and %ipc. */
public final class Converters {
    private Converters() { }

    /** A byte count: "4096", "64K", "256M", "1G" (binary multiples; "KiB", "MB"... read the same). */
    public static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toUpperCase(Locale.ROOT).replaceFirst("I?B$", "");
            int shift = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                default -> 0;
            };
            String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
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

    /** A byte count that fits an int (a chunk or pipe size). */
    public static final class Size implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = new Bytes().convert(value);
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("size too large: " + value);
            return (int) n;
        }
    }

    public static final class PlacementLabel implements ITypeConverter<Placement> {
        @Override
        public Placement convert(String value) { return Placement.of(value); }
    }

    public static final class MethodLabel implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) { return Method.of(value); }
    }
}
