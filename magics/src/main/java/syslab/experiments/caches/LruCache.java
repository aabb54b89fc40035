package syslab.experiments.caches;

import java.util.HashMap;
import java.util.Map;

/**
 * Least recently used: a hash map finds a key's node in O(1), and a doubly linked list keeps the
 * nodes in order of last use, most recent at the head, so the victim is always the tail.
 */
public final class LruCache<K> implements Cache<K> {
    private static final class Node<K> {
        final K key;
        Node<K> prev, next;

        Node(K key) { this.key = key; }
    }

    private final int capacity;
    private final Map<K, Node<K>> index = new HashMap<>();
    // Sentinels: the list is never empty, so linking and unlinking need no null checks.
    private final Node<K> head = new Node<>(null), tail = new Node<>(null);

    public LruCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        this.capacity = capacity;
        head.next = tail;
        tail.prev = head;
    }

    @Override
    public boolean access(K key) {
        Node<K> node = index.get(key);
        if (node != null) {
            unlink(node);
            pushFront(node);
            return true;
        }
        if (index.size() == capacity) {
            Node<K> victim = tail.prev;
            unlink(victim);
            index.remove(victim.key);
        }
        node = new Node<>(key);
        index.put(key, node);
        pushFront(node);
        return false;
    }

    private void unlink(Node<K> n) {
        n.prev.next = n.next;
        n.next.prev = n.prev;
    }

    private void pushFront(Node<K> n) {
        n.next = head.next;
        n.prev = head;
        head.next.prev = n;
        head.next = n;
    }

    @Override public boolean contains(K key) { return index.containsKey(key); }
    @Override public int size() { return index.size(); }
    @Override public int capacity() { return capacity; }
}
