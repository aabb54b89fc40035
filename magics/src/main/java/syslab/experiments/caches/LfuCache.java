package syslab.experiments.caches;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Least frequently used, in O(1) per access: keys sit in buckets by use count, and the victim comes
 * from the lowest non-empty bucket; within a bucket, the key that reached that count first goes
 * first (LRU among equals). A key's count is forgotten when it is evicted.
 */
public final class LfuCache<K> implements Cache<K> {
    private final int capacity;
    private final Map<K, Integer> counts = new HashMap<>();
    private final Map<Integer, LinkedHashSet<K>> buckets = new HashMap<>();
    private int minCount;

    public LfuCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        this.capacity = capacity;
    }

    @Override
    public boolean access(K key) {
        Integer count = counts.get(key);
        if (count != null) {
            LinkedHashSet<K> bucket = buckets.get(count);
            bucket.remove(key);
            if (bucket.isEmpty()) {
                buckets.remove(count);
                if (minCount == count) minCount = count + 1;
            }
            counts.put(key, count + 1);
            buckets.computeIfAbsent(count + 1, c -> new LinkedHashSet<>()).add(key);
            return true;
        }
        if (counts.size() == capacity) {
            LinkedHashSet<K> lowest = buckets.get(minCount);
            Iterator<K> oldest = lowest.iterator();
            counts.remove(oldest.next());
            oldest.remove();
            if (lowest.isEmpty()) buckets.remove(minCount);
        }
        counts.put(key, 1);
        buckets.computeIfAbsent(1, c -> new LinkedHashSet<>()).add(key);
        minCount = 1;
        return false;
    }

    /** How often the key was used since it was admitted; 0 if it is not cached. */
    public int count(K key) { return counts.getOrDefault(key, 0); }

    @Override public boolean contains(K key) { return counts.containsKey(key); }
    @Override public int size() { return counts.size(); }
    @Override public int capacity() { return capacity; }
}
