package syslab.experiments.caches;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeladyAnomalyTest {
    static final int[] CLASSIC = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

    @Test
    void fifoOnTheClassicTraceFaultsMoreWithFourFramesThanThree() {
        assertEquals(9, BeladyAnomaly.faults(Policy.FIFO, CLASSIC, 3));
        assertEquals(10, BeladyAnomaly.faults(Policy.FIFO, CLASSIC, 4));
        BeladyAnomaly.Anomaly a = BeladyAnomaly.find(Policy.FIFO, CLASSIC, 5).orElseThrow();
        assertEquals(3, a.frames());
        assertEquals(9, a.faults());
        assertEquals(10, a.faultsWithOneMore());
    }

    @Test
    void lruHasNoAnomalyOnTheClassicTrace() {
        assertFalse(BeladyAnomaly.find(Policy.LRU, CLASSIC, 5).isPresent());
        assertEquals(10, BeladyAnomaly.faults(Policy.LRU, CLASSIC, 3));
        assertEquals(8, BeladyAnomaly.faults(Policy.LRU, CLASSIC, 4));
    }

    @Test
    void faultTableHasOneRowPerPolicyAndFrameCount() {
        var t = BeladyAnomaly.faultTable(CLASSIC, 5, Policy.FIFO, Policy.LRU);
        assertEquals(10, t.rowCount());
        assertEquals(12, t.intColumn("faults").get(0), "one frame: every access faults");
        assertEquals(5, t.intColumn("faults").get(4), "five frames: only the five first loads");
    }

    @Test
    void randomSearchFindsFifoAnomaliesButNeverLruOnes() {
        List<BeladyAnomaly.Anomaly> fifo = BeladyAnomaly.search(Policy.FIFO, 5, 14, 20_000, 1);
        assertFalse(fifo.isEmpty());
        for (BeladyAnomaly.Anomaly a : fifo) {
            assertTrue(BeladyAnomaly.faults(Policy.FIFO, a.trace(), a.frames() + 1)
                > BeladyAnomaly.faults(Policy.FIFO, a.trace(), a.frames()));
        }
        assertTrue(BeladyAnomaly.search(Policy.LRU, 5, 14, 20_000, 1).isEmpty());
    }

    @Test
    void lruHitsNeverFallAsTheCacheGrows() {
        Random random = new Random(5);
        for (int round = 0; round < 100; round++) {
            int[] trace = random.ints(200, 0, 20).toArray();
            for (int c = 1; c < 20; c++) {
                assertTrue(Policy.LRU.hits(trace, c + 1) >= Policy.LRU.hits(trace, c));
            }
        }
    }
}
