package syslab.magic.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void threeSignificantDigitsInTheLargestFittingUnit() {
        assertEquals("0 ns", Durations.format(0));
        assertEquals("3 s", Durations.format(3));
        assertEquals("1.23 ms", Durations.format(1.23456e-3));
        assertEquals("45.7 µs", Durations.format(45.66e-6));
        assertEquals("12 ns", Durations.format(12e-9));
        assertEquals("0.5 ns", Durations.format(0.5e-9));
        assertEquals("1 ms", Durations.format(0.9997e-3));
    }

    @Test
    void aMinuteOrMoreInWholeUnits() {
        assertEquals("1min 5s", Durations.format(65.5));
        assertEquals("1h 1s", Durations.format(3601));
    }
}
