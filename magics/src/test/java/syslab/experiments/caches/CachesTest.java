package syslab.experiments.caches;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each policy evicts its own victim, and agrees with a slow, obviously correct model of it. */
class CachesTest {
    @Test
    void lruEvictsTheLeastRecentlyUsed() {
        Cache<Integer> c = new LruCache<>(2);
        assertFalse(c.access(1));
        assertFalse(c.access(2));
        assertTrue(c.access(1));
        assertFalse(c.access(3));
        assertTrue(c.contains(1));
        assertFalse(c.contains(2), "2 was used least recently");
        assertEquals(2, c.size());
    }

    @Test
    void fifoEvictsTheOldestEvenIfJustUsed() {
        Cache<Integer> c = new FifoCache<>(2);
        c.access(1);
        c.access(2);
        assertTrue(c.access(1));
        c.access(3);
        assertFalse(c.contains(1), "1 came in first; its hit does not save it");
        assertTrue(c.contains(2));
    }

    @Test
    void lfuEvictsTheLeastUsedAndAmongEqualsTheOldest() {
        LfuCache<Integer> c = new LfuCache<>(2);
        c.access(1);
        c.access(1);
        c.access(2);
        c.access(3);
        assertFalse(c.contains(2), "2 was used once, 1 twice");
        assertEquals(2, c.count(1));
        c.access(3);
        c.access(4);
        assertFalse(c.contains(1), "1 and 3 both have 2 uses; 1 reached it first");
        assertTrue(c.contains(3));
        assertEquals(0, c.count(1));
    }

    @Test
    void capacityMustBePositive() {
        for (Policy p : List.of(Policy.FIFO, Policy.LRU, Policy.LFU)) {
            assertThrows(IllegalArgumentException.class, () -> p.create(0));
        }
        assertThrows(IllegalArgumentException.class, () -> Policy.OPT.hits(new int[] {1}, 0));
    }

    @Test
    void optCannotBeACacheButCountsHits() {
        assertThrows(UnsupportedOperationException.class, () -> Policy.OPT.create(3));
        // Textbook figures for 1,2,3,4,1,2,5,1,2,3,4,5: 7 faults with 3 frames, 6 with 4.
        int[] classic = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
        assertEquals(12 - 7, Policy.OPT.hits(classic, 3));
        assertEquals(12 - 6, Policy.OPT.hits(classic, 4));
    }

    /** Reference models: a list scanned in full on every access. */
    static int modelHits(Policy policy, int[] trace, int capacity) {
        List<Integer> order = new ArrayList<>();        // FIFO: admission order; LRU: use order
        Map<Integer, Integer> uses = new HashMap<>();   // LFU: uses since admission
        Map<Integer, Integer> reached = new HashMap<>(); // LFU: when the key reached its count
        int hits = 0;
        for (int t = 0; t < trace.length; t++) {
            int key = trace[t];
            if (order.contains(key)) {
                hits++;
                if (policy == Policy.LRU) {
                    order.remove(Integer.valueOf(key));
                    order.add(key);
                }
                uses.merge(key, 1, Integer::sum);
                reached.put(key, t);
                continue;
            }
            if (order.size() == capacity) {
                Integer victim = policy == Policy.LFU
                    ? order.stream().min(Comparator.comparing((Integer k) -> uses.get(k)).thenComparing(reached::get)).get()
                    : order.get(0);
                order.remove(victim);
                uses.remove(victim);
            }
            order.add(key);
            uses.put(key, 1);
            reached.put(key, t);
        }
        return hits;
    }

    @Test
    void everyPolicyMatchesItsModelOnRandomTraces() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int[] trace = random.ints(300, 0, 2 + random.nextInt(30)).toArray();
            int capacity = 1 + random.nextInt(12);
            for (Policy p : List.of(Policy.FIFO, Policy.LRU, Policy.LFU)) {
                assertEquals(modelHits(p, trace, capacity), p.hits(trace, capacity), p + " capacity " + capacity);
            }
            int opt = Policy.OPT.hits(trace, capacity);
            for (Policy p : List.of(Policy.FIFO, Policy.LRU, Policy.LFU)) {
                assertTrue(opt >= p.hits(trace, capacity), "OPT beats " + p);
            }
        }
    }

    @Test
    void lruAgreesWithLinkedHashMapInAccessOrder() {
        int[] trace = Traces.zipf(500, 0.9, 20_000, 3);
        int capacity = 50;
        Map<Integer, Boolean> jdk = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> e) { return size() > capacity; }
        };
        int jdkHits = 0;
        for (int k : trace) if (jdk.put(k, true) != null) jdkHits++;
        assertEquals(jdkHits, Policy.LRU.hits(trace, capacity));
    }

    @Test
    void cacheNeverHoldsMoreThanItsCapacity() {
        for (Policy p : List.of(Policy.FIFO, Policy.LRU, Policy.LFU)) {
            Cache<Integer> c = p.create(10);
            for (int k : Traces.zipf(100, 1, 5000, 1)) {
                c.access(k);
                assertTrue(c.size() <= 10);
            }
            assertEquals(10, c.size());
        }
    }
}
