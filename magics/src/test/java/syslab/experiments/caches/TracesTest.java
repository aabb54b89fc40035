package syslab.experiments.caches;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracesTest {
    @Test
    void zipfFrequenciesFallAsOneOverRankToTheS() {
        int[] trace = Traces.zipf(1000, 1.0, 200_000, 42);
        int[] count = new int[1000];
        for (int k : trace) count[k]++;
        assertTrue(Arrays.stream(trace).allMatch(k -> k >= 0 && k < 1000));
        // With s = 1, key 0 is drawn twice as often as key 1 and ten times as often as key 9.
        assertEquals(2.0, (double) count[0] / count[1], 0.1);
        assertEquals(10.0, (double) count[0] / count[9], 1.0);
        // H(1000) ~ 7.49, so key 0 takes about 1/7.49 of all accesses.
        assertEquals(1 / 7.485, (double) count[0] / trace.length, 0.005);
    }

    @Test
    void zipfIsReproducibleFromItsSeed() {
        assertArrayEquals(Traces.zipf(50, 0.8, 100, 9), Traces.zipf(50, 0.8, 100, 9));
    }

    @Test
    void loopCyclesThroughTheKeys() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, Traces.loop(3, 7));
    }

    @Test
    void scanAlternatesHotBurstsWithFreshKeys() {
        int[] trace = Traces.scan(5, 4, 3, 14, 1);
        for (int i : new int[] {0, 1, 2, 3, 7, 8, 9, 10}) assertTrue(trace[i] < 5, "hot access at " + i);
        assertArrayEquals(new int[] {5, 6, 7}, Arrays.copyOfRange(trace, 4, 7));
        assertArrayEquals(new int[] {8, 9, 10}, Arrays.copyOfRange(trace, 11, 14));
    }

    @Test
    void aLoopLongerThanTheCacheNeverHitsExceptWithOpt() {
        int[] loop = Traces.loop(101, 10_000);
        assertEquals(0, Policy.LRU.hits(loop, 100));
        assertEquals(0, Policy.FIFO.hits(loop, 100));
        assertEquals(0, Policy.LFU.hits(loop, 100), "no key ever gets ahead in count");
        assertTrue(Policy.OPT.hits(loop, 100) > 9000, "OPT keeps 99 of the 101 keys");
        assertEquals(10_000 - 101, Policy.LRU.hits(loop, 101), "once it fits, only the first pass misses");
    }
}
