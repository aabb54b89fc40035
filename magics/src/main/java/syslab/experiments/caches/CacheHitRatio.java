package syslab.experiments.caches;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;

/** Hit ratio of each policy on each trace as the cache grows: one row per (trace, policy, size). */
public final class CacheHitRatio {
    private CacheHitRatio() { }

    /** traces: named traces, in the order the table lists them. */
    public record Params(Map<String, int[]> traces, List<Policy> policies, List<Integer> sizes) { }

    public static Table run(Params p) {
        StringColumn trace = StringColumn.create("trace");
        StringColumn policy = StringColumn.create("policy");
        IntColumn size = IntColumn.create("cache size");
        DoubleColumn ratio = DoubleColumn.create("hit ratio");
        for (Map.Entry<String, int[]> t : p.traces().entrySet()) {
            for (Policy pol : p.policies()) {
                for (int capacity : p.sizes()) {
                    trace.append(t.getKey());
                    policy.append(pol.name());
                    size.append(capacity);
                    ratio.append((double) pol.hits(t.getValue(), capacity) / t.getValue().length);
                }
            }
        }
        return Table.create("cache hit ratio", trace, policy, size, ratio);
    }
}
