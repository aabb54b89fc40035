package syslab.experiments.caches;

import java.util.function.IntFunction;

/**
 * The replacement policies compared, each a factory of empty caches, plus OPT, the bound none
 * of them can beat.
 */
public enum Policy {
    FIFO(FifoCache::new), LRU(LruCache::new), LFU(LfuCache::new),
    /** Belady's MIN: evict the key whose next use is farthest away. It needs the whole trace. */
    OPT(null) {
        @Override
        public Cache<Integer> create(int capacity) {
            throw new UnsupportedOperationException("OPT needs to know the future: use OPT.hits(trace, capacity)");
        }

        @Override
        public int hits(int[] trace, int capacity) { return Optimal.hits(trace, capacity); }
    };

    private final IntFunction<Cache<Integer>> factory;

    Policy(IntFunction<Cache<Integer>> factory) { this.factory = factory; }

    public Cache<Integer> create(int capacity) { return factory.apply(capacity); }

    /** How many accesses of the trace hit, starting from an empty cache of this capacity. */
    public int hits(int[] trace, int capacity) {
        return Traces.hits(create(capacity), trace);
    }
}
