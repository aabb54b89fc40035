package syslab.experiments.caches;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/** First in, first out: the victim is the key admitted longest ago; a hit changes nothing. */
public final class FifoCache<K> implements Cache<K> {
    private final int capacity;
    private final Set<K> keys = new HashSet<>();
    private final ArrayDeque<K> order = new ArrayDeque<>();

    public FifoCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        this.capacity = capacity;
    }

    @Override
    public boolean access(K key) {
        if (keys.contains(key)) return true;
        if (keys.size() == capacity) keys.remove(order.removeFirst());
        keys.add(key);
        order.addLast(key);
        return false;
    }

    @Override public boolean contains(K key) { return keys.contains(key); }
    @Override public int size() { return keys.size(); }
    @Override public int capacity() { return capacity; }
}
