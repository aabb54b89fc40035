package syslab.experiments.caches;

/**
 * A cache of keys with a fixed capacity, seen only through its hits and misses: {@link #access}
 * looks a key up and, on a miss, admits it, evicting one key first if the cache is full.
 * Values are left out because the replacement policy never looks at them.
 */
public interface Cache<K> {
    /** True on a hit. On a miss the key is admitted (evicting the policy's victim when full). */
    boolean access(K key);

    /** Whether the key is cached now; does not count as a use. */
    boolean contains(K key);

    /** How many keys are cached now. */
    int size();

    int capacity();
}
