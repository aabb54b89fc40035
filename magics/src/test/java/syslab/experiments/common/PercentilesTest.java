package syslab.experiments.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentilesTest {
    @Test
    void nearestRankPicksAMeasuredValue() {
        double[] v = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
        assertEquals(5, Percentiles.median(v));
        assertEquals(9, Percentiles.of(v, 90));
        assertEquals(10, Percentiles.of(v, 100));
        assertEquals(1, Percentiles.of(new double[] {1}, 90));
        assertEquals(2, Percentiles.median(new long[] {3, 1, 2}));
        assertEquals(2, Percentiles.median(new long[] {4, 1, 3, 2}), "the lower middle of an even count");
    }

    @Test
    void refusesWhatHasNoAnswer() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[] {1}, 0));
    }
}
