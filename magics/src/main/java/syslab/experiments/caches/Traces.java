package syslab.experiments.caches;

import java.util.Arrays;
import java.util.Random;

/** Access traces (sequences of integer keys) that favour different policies. */
public final class Traces {
    private Traces() { }

    /**
     * Independent draws from a Zipf law over keys 0..keys-1: key k has probability proportional to
     * 1/(k+1)^s, so a few keys take most accesses, as with web objects or file blocks.
     */
    public static int[] zipf(int keys, double s, int length, long seed) {
        double[] cdf = new double[keys];
        double sum = 0;
        for (int k = 0; k < keys; k++) cdf[k] = sum += 1 / Math.pow(k + 1, s);
        Random random = new Random(seed);
        int[] trace = new int[length];
        for (int i = 0; i < length; i++) {
            int at = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            trace[i] = Math.min(at >= 0 ? at : -at - 1, keys - 1);
        }
        return trace;
    }

    /** 0, 1, ..., keys-1 over and over: a loop over more data than the cache holds defeats LRU. */
    public static int[] loop(int keys, int length) {
        int[] trace = new int[length];
        for (int i = 0; i < length; i++) trace[i] = i % keys;
        return trace;
    }

    /**
     * A hot set under uniform use, interrupted by scans: {@code burst} accesses to random keys among
     * 0..hotKeys-1, then {@code scanLength} keys never seen before (a backup, a table scan), and again.
     */
    public static int[] scan(int hotKeys, int burst, int scanLength, int length, long seed) {
        Random random = new Random(seed);
        int[] trace = new int[length];
        int fresh = hotKeys;
        for (int i = 0; i < length; i++) {
            trace[i] = i % (burst + scanLength) < burst ? random.nextInt(hotKeys) : fresh++;
        }
        return trace;
    }

    /** How many accesses of the trace hit in the cache (which is used, not copied). */
    public static int hits(Cache<Integer> cache, int[] trace) {
        int hits = 0;
        for (int key : trace) if (cache.access(key)) hits++;
        return hits;
    }
}
