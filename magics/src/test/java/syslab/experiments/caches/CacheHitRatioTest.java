package syslab.experiments.caches;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CacheHitRatioTest {
    @Test
    void oneRowPerTracePolicyAndSizeInTheGivenOrder() {
        Map<String, int[]> traces = new LinkedHashMap<>();
        traces.put("loop", Traces.loop(10, 100));
        traces.put("zipf", Traces.zipf(100, 1, 1000, 1));
        Table t = CacheHitRatio.run(new CacheHitRatio.Params(traces, List.of(Policy.values()), List.of(5, 10)));
        assertEquals(2 * 4 * 2, t.rowCount());
        assertEquals(List.of("trace", "policy", "cache size", "hit ratio"), t.columnNames());
        assertEquals("loop", t.stringColumn("trace").get(0));
        assertEquals("zipf", t.stringColumn("trace").get(8));
        assertEquals("FIFO", t.stringColumn("policy").get(0));
        assertEquals(0.0, t.doubleColumn("hit ratio").get(0), "FIFO, 5 of 10 looped keys: never a hit");
        assertEquals(0.9, t.doubleColumn("hit ratio").get(1), 1e-9, "FIFO, all 10 keys fit: only the first pass misses");
        assertEquals((double) Policy.LFU.hits(traces.get("zipf"), 10) / 1000, t.doubleColumn("hit ratio").get(8 + 5), 1e-12);
    }
}
