package syslab.experiments.caches;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Belady's optimal replacement (MIN), offline: on a miss, evict the key needed again last. */
final class Optimal {
    private Optimal() { }

    static int hits(int[] trace, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        // next[i]: where trace[i] comes again; trace.length if never.
        int[] next = new int[trace.length];
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = trace.length - 1; i >= 0; i--) {
            next[i] = seen.getOrDefault(trace[i], trace.length);
            seen.put(trace[i], i);
        }
        // Cached keys ordered by next use; (next use, key) packed in a long, unique since keys are.
        TreeSet<Long> byNextUse = new TreeSet<>();
        Map<Integer, Long> entry = new HashMap<>();
        int hits = 0;
        for (int i = 0; i < trace.length; i++) {
            Long old = entry.remove(trace[i]);
            if (old != null) {
                hits++;
                byNextUse.remove(old);
            } else if (entry.size() == capacity) {
                entry.remove((int) (long) byNextUse.pollLast());
            }
            long e = (long) next[i] << 32 | (trace[i] & 0xffffffffL);
            byNextUse.add(e);
            entry.put(trace[i], e);
        }
        return hits;
    }
}
